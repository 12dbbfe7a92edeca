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

    /// Pure: text in, entries and problems out; never throws. Read with `JSONValue`, not
    /// Codable: every health pass reads the shipped table, and `JSONDecoder` with its types' first
    /// lookups in the runtime was 0.58 ms of an ingest of the 16 captures (docs/performance.md,
    /// session 11).
    public static func parse(_ text: String, file: String) -> Parsed {
        let shape: FileShape
        do {
            shape = try FileShape(JSONValue.parse(text))
        } catch {
            return Parsed(entries: [], metrics: [], problems: ["\(file): \(error.path.isEmpty ? "" : error.path + ": ")\(error.message)"])
        }
        var problems = shape.problems.map { "\(file): \($0)" }
        let entries = valid(shape.entries, table: "expected_busbw", file: file, problems: &problems,
                            same: { $0.sameHardware(as: $1) }, again: { value, earlier in
            "found the hardware of \(earlier) again (\(value.collective) on \(value.gpuCount) × \(value.gpuModel) over "
                + "\(value.interconnect)), expected one entry per GPU model, count, interconnect, collective and NVLS"
        })
        let metrics = valid(shape.metrics, table: "expected_metrics", file: file, problems: &problems,
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

    struct Problem: Error { var path: String; var message: String }

    /// The top level: format, about, and the two tables.
    private struct FileShape {
        var entries: [Result<ExpectedBusbw, Problem>] = []
        var metrics: [Result<ExpectedMetric, Problem>] = []
        var problems: [String] = []
        static let expectation = "expected a catalogue of format \(ExpectedBusbwCatalogue.formatVersion)"

        init(_ document: JSONValue?) throws(Problem) {
            guard let document else { throw Problem(path: "", message: "found invalid JSON, \(Self.expectation)") }
            guard let top = Fields(document) else {
                throw Problem(path: "", message: "found a wrong value at the top level (not an object), \(Self.expectation)")
            }
            for key in top.keys where !["format", "about", "expected_busbw", "expected_metrics"].contains(key) {
                problems.append("\(key): found an unknown key, expected format, about, expected_busbw, expected_metrics")
            }
            guard let formatValue = top["format"] else {
                throw Problem(path: "", message: "found no 'format' key at the top level, \(Self.expectation)")
            }
            guard let format = formatValue.int else {
                throw Problem(path: "", message: "found a wrong value at format (not an integer), \(Self.expectation)")
            }
            guard format == ExpectedBusbwCatalogue.formatVersion else {
                throw Problem(path: "format", message: "found \(format), expected \(ExpectedBusbwCatalogue.formatVersion) "
                    + "(the catalogue format this dsbench reads)")
            }
            entries = try Self.table("expected_busbw", in: top, required: true, BusbwEntry.self)
            metrics = try Self.table("expected_metrics", in: top, required: false, MetricEntry.self)
        }

        private static func table<Reader: EntryReader>(_ name: String, in top: Fields, required: Bool, _ reader: Reader.Type)
            throws(Problem) -> [Result<Reader.Value, Problem>] {
            guard let value = top[name] else {
                if !required { return [] }
                throw Problem(path: "", message: "found no '\(name)' key at the top level, \(expectation)")
            }
            guard let items = value.array else {
                throw Problem(path: "", message: "found a wrong value at \(name) (not an array), \(expectation)")
            }
            return items.map { item in
                guard let fields = Fields(item) else {
                    return .failure(Problem(path: "", message: "found a wrong value (not an object), "
                        + "expected an entry {\(Reader.keys.joined(separator: ", "))}"))
                }
                do throws(Problem) { return .success(try Reader.entry(fields)) } catch { return .failure(error) }
            }
        }
    }

    /// How one table's entries are read.
    private protocol EntryReader {
        associatedtype Value
        static var keys: [String] { get }
        static func entry(_ c: Fields) throws(Problem) -> Value
    }

    /// An `expected_metrics` entry.
    private enum MetricEntry: EntryReader {
        static let keys = ["gpu", "metric", "labels", "value", "unit", "direction", "source"]
        static let required = ["gpu", "metric", "value", "unit", "source"]

        static func entry(_ c: Fields) throws(Problem) -> ExpectedMetric {
            try c.checkKeys(allowed: keys, required: required)
            let gpu = try c.text("gpu", expected: "the GPU model as nvidia-smi names it")
            let metric = try c.text("metric", expected: "a workload metric name such as gemm_tflops")
            var labels: [String: String] = [:]
            if let value = c["labels"] {
                guard let members = value.members, members.allSatisfy({ $0.1.string != nil }) else {
                    throw Problem(path: "labels", message: "found another kind of value, expected a mapping of label to string, e.g. {\"dtype\": \"bf16\"}")
                }
                for (key, label) in members { labels[key] = label.string }
            }
            guard let value = c["value"]?.number else {
                throw Problem(path: "value", message: "found another kind of value, expected a number > 0")
            }
            guard value.isFinite, value > 0 else { throw Problem(path: "value", message: "found \(value), expected a number > 0") }
            let unit = try c.text("unit", expected: "the metric's unit, e.g. TFLOP/s")
            var direction = MetricDirection.higher
            if let text = try c.optionalText("direction") {
                guard let parsed = MetricDirection(rawValue: text) else {
                    throw Problem(path: "direction", message: "found '\(text)', expected higher or lower")
                }
                direction = parsed
            }
            let source = try SourceShape.text(c["source"])
            return ExpectedMetric(gpuModel: gpu, metric: metric, labels: labels, value: value, unit: unit,
                                  direction: direction, source: source)
        }
    }

    /// An `expected_busbw` entry.
    private enum BusbwEntry: EntryReader {
        static let keys = ["gpu", "gpus", "interconnect", "collective", "nvls", "busbw", "source"]

        static func entry(_ c: Fields) throws(Problem) -> ExpectedBusbw {
            try c.checkKeys(allowed: keys, required: keys)
            let gpu = try c.text("gpu", expected: "the GPU model as nvidia-smi names it")
            guard let gpus = c["gpus"]?.int else {
                throw Problem(path: "gpus", message: "found another kind of value, expected the GPU count, ≥ 1")
            }
            guard gpus >= 1 else { throw Problem(path: "gpus", message: "found \(gpus), expected the GPU count, ≥ 1") }
            let interconnect = try c.text("interconnect", expected: "a topo -m link such as NV18, or *")
            let collective = try c.text("collective", expected: "an nccl-tests collective such as all_reduce")
            var nvls: Bool?
            if c["nvls"] != .null {
                guard let flag = c["nvls"]?.bool else {
                    throw Problem(path: "nvls", message: "found another kind of value, expected true, false, or null for either")
                }
                nvls = flag
            }
            guard let busbw = c["busbw"]?.number else {
                throw Problem(path: "busbw", message: "found another kind of value, expected GB/s, a number > 0")
            }
            guard busbw.isFinite, busbw > 0 else {
                throw Problem(path: "busbw", message: "found \(busbw), expected GB/s, a number > 0")
            }
            let source = try SourceShape.text(c["source"])
            return ExpectedBusbw(gpuModel: gpu, gpuCount: gpus, interconnect: interconnect, collective: collective,
                                 nvls: nvls, busbw: busbw, source: source)
        }
    }

    /// `{kind: measured, date, machine, command?, reading?}` or `{kind: vendor, document, date?, reading?}`,
    /// rendered as the one line that findings quote (`measured: 2026-11-22, host vm: …; command; reading`).
    private enum SourceShape {
        static func text(_ value: JSONValue?) throws(Problem) -> String {
            do throws(Problem) {
                guard let value, let c = Fields(value) else {
                    throw Problem(path: "", message: "found another kind of value, expected {kind: measured or vendor, …}")
                }
                let kind = try c.text("kind", expected: "measured or vendor")
                switch kind {
                case "measured":
                    try c.checkKeys(allowed: ["kind", "date", "machine", "command", "reading"], required: ["kind", "date", "machine"])
                    let date = try c.text("date", expected: "the day of the run, YYYY-MM-DD")
                    guard isDay(date) else { throw Problem(path: "date", message: "found '\(date)', expected the day of the run, YYYY-MM-DD") }
                    let parts = [try c.text("machine", expected: "the machine the figure was measured on"),
                                 try c.optionalText("command"), try c.optionalText("reading")]
                    return "measured: \(date), " + parts.compactMap { $0 }.joined(separator: "; ")
                case "vendor":
                    try c.checkKeys(allowed: ["kind", "document", "date", "reading"], required: ["kind", "document"])
                    let parts = [try c.text("document", expected: "the vendor document the figure is quoted from"),
                                 try c.optionalText("date"), try c.optionalText("reading")]
                    return "vendor: " + parts.compactMap { $0 }.joined(separator: "; ")
                default:
                    throw Problem(path: "kind", message: "found '\(kind)', expected measured or vendor")
                }
            } catch {
                throw Problem(path: "source" + (error.path.isEmpty ? "" : "." + error.path), message: error.message)
            }
        }

        private static func isDay(_ text: String) -> Bool {
            let digits = Array(text.utf8)
            guard digits.count == 10, digits[4] == UInt8(ascii: "-"), digits[7] == UInt8(ascii: "-") else { return false }
            return digits.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }
        }
    }

    /// An object's members by key (a key given twice keeps its last value, as JSONDecoder read it).
    private struct Fields {
        private let values: [String: JSONValue]
        let keys: [String]

        init?(_ value: JSONValue) {
            guard let members = value.members else { return nil }
            var values: [String: JSONValue] = [:]
            var keys: [String] = []
            for (key, member) in members {
                if values.updateValue(member, forKey: key) == nil { keys.append(key) }
            }
            self.values = values
            self.keys = keys
        }

        subscript(key: String) -> JSONValue? { values[key] }

        func checkKeys(allowed: [String], required: [String]) throws(Problem) {
            if let unknown = keys.sorted().first(where: { !allowed.contains($0) }) {
                throw Problem(path: unknown, message: "found an unknown key, expected one of \(allowed.joined(separator: ", "))")
            }
            if let missing = required.first(where: { values[$0] == nil }) {
                throw Problem(path: missing, message: "found no '\(missing)' key, expected every one of \(required.joined(separator: ", "))")
            }
        }

        func text(_ key: String, expected: String) throws(Problem) -> String {
            guard let value = values[key]?.string else {
                throw Problem(path: key, message: "found no string, expected \(expected)")
            }
            guard value.contains(where: { !$0.isWhitespace || $0.isNewline }) else {
                throw Problem(path: key, message: "found an empty string, expected \(expected)")
            }
            return value
        }

        func optionalText(_ key: String) throws(Problem) -> String? {
            guard values[key] != nil else { return nil }
            return try text(key, expected: "a non-empty string")
        }
    }
}
