import DSBCatalog
import Foundation

/// The expected-performance catalogue: `Catalog/expected-busbw.json`, shipped as data and embedded
/// into the binary at build time. Format 1:
///
///     {"format": 1, "about": "…", "expected_busbw": [
///       {"gpu": "NVIDIA H200", "gpus": 8, "interconnect": "NV18", "collective": "all_reduce",
///        "nvls": false, "busbw": 366.8,
///        "source": {"kind": "measured", "date": "2026-11-22", "machine": "…", "command": "…", "reading": "…"}}]}
///
/// Every key of an entry is required (`nvls` may be null: measured either way). A source is
/// `measured` (with `date` YYYY-MM-DD and `machine`; `command` and `reading` optional) or `vendor`
/// (with `document`; `date` and `reading` optional). Two entries for the same hardware are an
/// error: the first would hide the second.
public enum ExpectedBusbwCatalogue {
    public static let formatVersion = 1

    public struct Parsed: Sendable, Equatable {
        /// The entries that are valid, in file order.
        public var entries: [ExpectedBusbw]
        /// The valid `expected_metrics` entries, in file order.
        public var metrics: [ExpectedMetric] = []
        /// One line per problem, `file: path: found …, expected …`; empty for a good file.
        public var problems: [String]
    }

    /// Where the shipped table lives in the repository.
    public static let shippedFile = ShippedCatalog.expectedBusbwFile
    /// The shipped table, byte for byte as the build embedded it.
    public static var shippedText: String { ShippedCatalog.expectedBusbwJSON }
    /// The shipped table, parsed once. A test keeps its `problems` empty.
    public static let shipped: Parsed = parse(shippedText, file: shippedFile)

    /// Pure: text in, entries and problems out; never throws.
    public static func parse(_ text: String, file: String) -> Parsed {
        let shape: FileShape
        do {
            shape = try JSONDecoder().decode(FileShape.self, from: Data(text.utf8))
        } catch let problem as Problem {
            return Parsed(entries: [], metrics: [], problems: ["\(file): \(problem.path): \(problem.message)"])
        } catch {
            return Parsed(entries: [], metrics: [], problems: ["\(file): found \(describe(error)), expected a catalogue of format \(formatVersion)"])
        }
        var problems = shape.problems.map { "\(file): \($0)" }
        let entries = valid(shape.entries.map(\.result), table: "expected_busbw", file: file, problems: &problems,
                            same: { $0.sameHardware(as: $1) }, again: { value, earlier in
            "found the hardware of \(earlier) again (\(value.collective) on \(value.gpuCount) × \(value.gpuModel) over "
                + "\(value.interconnect)), expected one entry per GPU model, count, interconnect, collective and NVLS"
        })
        let metrics = valid(shape.metrics.map(\.result), table: "expected_metrics", file: file, problems: &problems,
                            same: { $0.sameSeries(as: $1) }, again: { value, earlier in
            "found the series of \(earlier) again (\(value.metric) on \(value.gpuModel)), "
                + "expected one entry per GPU model, metric and labels"
        })
        return Parsed(entries: entries, metrics: metrics, problems: problems)
    }

    /// The valid entries of one table in file order; a bad entry, or a second one for what an
    /// earlier one already describes (it would be hidden by it), becomes a problem.
    private static func valid<Value>(_ results: [Result<Value, Problem>], table: String, file: String,
                                     problems: inout [String], same: (Value, Value) -> Bool,
                                     again: (Value, String) -> String) -> [Value] {
        var kept: [(index: Int, value: Value)] = []
        for (index, result) in results.enumerated() {
            let path = "\(table)[\(index)]"
            switch result {
            case .failure(let problem):
                problems.append("\(file): \(path)\(problem.path.isEmpty ? "" : ".")\(problem.path): \(problem.message)")
            case .success(let value):
                if let earlier = kept.first(where: { same($0.value, value) }) {
                    problems.append("\(file): \(path): " + again(value, "\(table)[\(earlier.index)]"))
                } else {
                    kept.append((index, value))
                }
            }
        }
        return kept.map(\.value)
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "unreadable text (\(error))" }
        switch decoding {
        case .dataCorrupted(let context): return "invalid JSON (\(context.debugDescription))"
        case .keyNotFound(let key, let context): return "no '\(key.stringValue)' key at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "a wrong value at \(path(context.codingPath)) (\(context.debugDescription))"
        @unknown default: return "unreadable JSON"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    struct Problem: Error { var path: String; var message: String }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct FileShape: Decodable {
        var entries: [Checked<BusbwEntry>]
        var metrics: [Checked<MetricEntry>] = []
        var problems: [String] = []

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys where !["format", "about", "expected_busbw", "expected_metrics"].contains(key.stringValue) {
                problems.append("\(key.stringValue): found an unknown key, expected format, about, expected_busbw, expected_metrics")
            }
            let format = try container.decode(Int.self, forKey: AnyKey("format"))
            guard format == ExpectedBusbwCatalogue.formatVersion else {
                throw Problem(path: "format", message: "found \(format), expected \(ExpectedBusbwCatalogue.formatVersion) "
                    + "(the catalogue format this dsbench reads)")
            }
            entries = try container.decode([Checked<BusbwEntry>].self, forKey: AnyKey("expected_busbw"))
            if container.contains(AnyKey("expected_metrics")) {
                metrics = try container.decode([Checked<MetricEntry>].self, forKey: AnyKey("expected_metrics"))
            }
        }
    }

    /// How one table's entries are read.
    private protocol EntryReader {
        associatedtype Value
        static var keys: [String] { get }
        static func entry(_ decoder: any Decoder) throws -> Value
    }

    /// One entry, checked; a bad entry is kept as its problem so the others still load.
    private struct Checked<Reader: EntryReader>: Decodable {
        var result: Result<Reader.Value, Problem>

        init(from decoder: any Decoder) {
            do {
                result = .success(try Reader.entry(decoder))
            } catch let problem as Problem {
                result = .failure(problem)
            } catch {
                result = .failure(Problem(path: "", message: "found \(ExpectedBusbwCatalogue.describe(error)), "
                    + "expected an entry {\(Reader.keys.joined(separator: ", "))}"))
            }
        }
    }

    /// An `expected_metrics` entry.
    private enum MetricEntry: EntryReader {
        static let keys = ["gpu", "metric", "labels", "value", "unit", "direction", "source"]
        static let required = ["gpu", "metric", "value", "unit", "source"]

        static func entry(_ decoder: any Decoder) throws -> ExpectedMetric {
            let c = try decoder.container(keyedBy: AnyKey.self)
            try Fields.checkKeys(c, allowed: keys, required: required)
            let gpu = try Fields.text(c, "gpu", expected: "the GPU model as nvidia-smi names it")
            let metric = try Fields.text(c, "metric", expected: "a workload metric name such as gemm_tflops")
            let labels = c.contains(AnyKey("labels"))
                ? try Fields.value(c, "labels", [String: String].self, expected: "a mapping of label to string, e.g. {\"dtype\": \"bf16\"}")
                : [:]
            let value = try Fields.value(c, "value", Double.self, expected: "a number > 0")
            guard value.isFinite, value > 0 else { throw Problem(path: "value", message: "found \(value), expected a number > 0") }
            let unit = try Fields.text(c, "unit", expected: "the metric's unit, e.g. TFLOP/s")
            var direction = MetricDirection.higher
            if let text = try Fields.optionalText(c, "direction") {
                guard let parsed = MetricDirection(rawValue: text) else {
                    throw Problem(path: "direction", message: "found '\(text)', expected higher or lower")
                }
                direction = parsed
            }
            let source = try SourceShape.text(try c.superDecoder(forKey: AnyKey("source")))
            return ExpectedMetric(gpuModel: gpu, metric: metric, labels: labels, value: value, unit: unit,
                                  direction: direction, source: source)
        }
    }

    /// An `expected_busbw` entry.
    private enum BusbwEntry: EntryReader {
        static let keys = ["gpu", "gpus", "interconnect", "collective", "nvls", "busbw", "source"]

        static func entry(_ decoder: any Decoder) throws -> ExpectedBusbw {
            let c = try decoder.container(keyedBy: AnyKey.self)
            try Fields.checkKeys(c, allowed: keys, required: keys)
            let gpu = try Fields.text(c, "gpu", expected: "the GPU model as nvidia-smi names it")
            let gpus = try Fields.value(c, "gpus", Int.self, expected: "the GPU count, ≥ 1")
            guard gpus >= 1 else { throw Problem(path: "gpus", message: "found \(gpus), expected the GPU count, ≥ 1") }
            let interconnect = try Fields.text(c, "interconnect", expected: "a topo -m link such as NV18, or *")
            let collective = try Fields.text(c, "collective", expected: "an nccl-tests collective such as all_reduce")
            let nvls = try c.decodeNil(forKey: AnyKey("nvls"))
                ? nil : try Fields.value(c, "nvls", Bool.self, expected: "true, false, or null for either")
            let busbw = try Fields.value(c, "busbw", Double.self, expected: "GB/s, a number > 0")
            guard busbw.isFinite, busbw > 0 else {
                throw Problem(path: "busbw", message: "found \(busbw), expected GB/s, a number > 0")
            }
            let source = try SourceShape.text(try c.superDecoder(forKey: AnyKey("source")))
            return ExpectedBusbw(gpuModel: gpu, gpuCount: gpus, interconnect: interconnect, collective: collective,
                                 nvls: nvls, busbw: busbw, source: source)
        }
    }

    /// `{kind: measured, date, machine, command?, reading?}` or `{kind: vendor, document, date?, reading?}`,
    /// rendered as the one line that findings quote (`measured: 2026-11-22, host vm: …; command; reading`).
    private enum SourceShape {
        static func text(_ decoder: any Decoder) throws -> String {
            do {
                let c = try decoder.container(keyedBy: AnyKey.self)
                let kind = try Fields.text(c, "kind", expected: "measured or vendor")
                switch kind {
                case "measured":
                    try Fields.checkKeys(c, allowed: ["kind", "date", "machine", "command", "reading"],
                                         required: ["kind", "date", "machine"])
                    let date = try Fields.text(c, "date", expected: "the day of the run, YYYY-MM-DD")
                    guard isDay(date) else { throw Problem(path: "date", message: "found '\(date)', expected the day of the run, YYYY-MM-DD") }
                    let parts = [try Fields.text(c, "machine", expected: "the machine the figure was measured on"),
                                 try Fields.optionalText(c, "command"), try Fields.optionalText(c, "reading")]
                    return "measured: \(date), " + parts.compactMap { $0 }.joined(separator: "; ")
                case "vendor":
                    try Fields.checkKeys(c, allowed: ["kind", "document", "date", "reading"], required: ["kind", "document"])
                    let parts = [try Fields.text(c, "document", expected: "the vendor document the figure is quoted from"),
                                 try Fields.optionalText(c, "date"), try Fields.optionalText(c, "reading")]
                    return "vendor: " + parts.compactMap { $0 }.joined(separator: "; ")
                default:
                    throw Problem(path: "kind", message: "found '\(kind)', expected measured or vendor")
                }
            } catch let problem as Problem {
                throw Problem(path: "source." + problem.path, message: problem.message)
            }
        }

        private static func isDay(_ text: String) -> Bool {
            let digits = Array(text.utf8)
            guard digits.count == 10, digits[4] == UInt8(ascii: "-"), digits[7] == UInt8(ascii: "-") else { return false }
            return digits.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }
        }
    }

    private enum Fields {
        static func checkKeys(_ c: KeyedDecodingContainer<AnyKey>, allowed: [String], required: [String]) throws {
            if let unknown = c.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
                throw Problem(path: unknown, message: "found an unknown key, expected one of \(allowed.joined(separator: ", "))")
            }
            if let missing = required.first(where: { !c.contains(AnyKey($0)) }) {
                throw Problem(path: missing, message: "found no '\(missing)' key, expected every one of \(required.joined(separator: ", "))")
            }
        }

        static func text(_ c: KeyedDecodingContainer<AnyKey>, _ key: String, expected: String) throws -> String {
            guard let value = try? c.decode(String.self, forKey: AnyKey(key)) else {
                throw Problem(path: key, message: "found no string, expected \(expected)")
            }
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem(path: key, message: "found an empty string, expected \(expected)")
            }
            return value
        }

        static func value<T: Decodable>(_ c: KeyedDecodingContainer<AnyKey>, _ key: String, _ type: T.Type,
                                        expected: String) throws -> T {
            guard let value = try? c.decode(T.self, forKey: AnyKey(key)) else {
                throw Problem(path: key, message: "found another kind of value, expected \(expected)")
            }
            return value
        }

        static func optionalText(_ c: KeyedDecodingContainer<AnyKey>, _ key: String) throws -> String? {
            guard c.contains(AnyKey(key)) else { return nil }
            return try text(c, key, expected: "a non-empty string")
        }
    }
}
