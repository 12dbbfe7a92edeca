import DSBenchCore

/// nvbandwidth's text output (v0.8): a header (`nvbandwidth Version:`, `Driver Version:`,
/// `Device N: …`), then per testcase `Running NAME.`, its description, a matrix whose first line
/// labels the columns and whose rows start with their label (`N/A` where a pair has no value),
/// and `SUM NAME VALUE`; a testcase that does not apply prints only `Waived: ` (no name), and a
/// failing one `Error: …` or a CUDA error line.
public enum NvbandwidthTextParser {
    /// Line by line on the bytes (`State.read(_:_:)`): decoding the capture and a `Substring`
    /// per line, token and label held the parse at 54 MB/s.
    public static func parse(_ bytes: [UInt8]) -> NvbandwidthReport {
        bytes.withUnsafeBufferPointer { buffer in
            var state = State()
            var poll = CancellationPoll()
            for line in ByteLines(buffer) {
                if poll.shouldStop() { break }
                state.read(buffer, line)
            }
            return state.finished()
        }
    }

    public static func parse(_ text: String) -> NvbandwidthReport {
        var state = State()
        var poll = CancellationPoll()
        SmiLines.forEach(text) { line in
            if poll.shouldStop() { return false }
            state.read(line.text, number: line.number)
            return true
        }
        return state.finished()
    }

    enum Place { case outside, running, header, matrix }

    struct State {
        var report = NvbandwidthReport()
        var log = CappedDiagnostics()
        var place = Place.outside
        /// The index of the testcase being read, while `place` is not `outside`.
        var current: Int?
        /// Each distinct description line's text and parts: read per testcase, the parts were 42 %
        /// of the parse (13.8 MB/s), and a capture repeats a dozen descriptions.
        var descriptions = ByteKeyCache<(text: String, parts: NvbandwidthDescription)>()
        /// Testcase names, column-label lines and row labels, by their bytes (`State.read(_:_:)`).
        var names = ByteKeyCache<String>()
        var columnLabels = ByteKeyCache<[String]>()
        /// The current line's fields, reused from line to line.
        var tokens: [Range<Int>] = []

        mutating func read(_ raw: Substring, number: Int) {
            let line = raw.trimmedSpaces
            if line.isEmpty {
                if place == .matrix { place = .outside }
                return
            }
            if let name = Self.after(line, prefix: "Running "), name.utf8.last == UInt8(ascii: ".") {
                report.testcases.append(NvbandwidthTestcase(name: String(name.dropLast()), status: .incomplete))
                current = report.testcases.count - 1
                place = .running
                return
            }
            if let status = Self.statusLine(line) {
                outcome(status.status, message: status.message)
                return
            }
            if let rest = Self.after(line, prefix: "SUM ") {
                sum(rest, number: number)
                return
            }
            switch place {
            case .running:
                if line.utf8.last == UInt8(ascii: ")"), line.utf8.contains(UInt8(ascii: "(")) {
                    describe(line)
                    place = .header
                } else {
                    // A CUDA error (`[CUDA_ERROR_…] …`) ends the testcase without a result.
                    note(line)
                }
                return
            case .header:
                if let index = current { report.testcases[index].columnLabels = line.byteTokens.map(String.init) }
                place = .matrix
                return
            case .matrix:
                row(line, number: number)
                return
            case .outside:
                header(line, number: number)
            }
        }

        mutating func finished() -> NvbandwidthReport {
            NvbandwidthWaivedNames.name(&report.testcases)
            // By index: `for testcase in` copied every testcase, each field retained and released.
            for index in report.testcases.indices where report.testcases[index].status == .incomplete {
                log.add(.warning, line: nil, kind: "incomplete",
                        "testcase \(report.testcases[index].name ?? "?") started but printed no result (output cut off?)")
            }
            if report.testcases.isEmpty, report.version == nil {
                log.add(.error, line: nil, kind: "empty", "no nvbandwidth output found")
            }
            report.diagnostics = log.finished()
            return report
        }

        private mutating func describe(_ line: Substring) {
            let known = line.utf8.withContiguousStorageIfAvailable { bytes in
                descriptions.value(bytes, 0..<bytes.count)
            }
            if let cached = known ?? nil { return describe(cached) }
            let description = (String(line), NvbandwidthDescription(line))
            _ = line.utf8.withContiguousStorageIfAvailable { descriptions.insert(description, for: $0, 0..<$0.count) }
            describe(description)
        }

        mutating func describe(_ description: (text: String, parts: NvbandwidthDescription)) {
            guard let index = current else { return }
            // In place: a copy of the testcase and its write back retained and released each field.
            let parts = description.parts
            report.testcases[index].description = description.text
            report.testcases[index].unit = parts.unit
            report.testcases[index].rowKind = parts.rowKind
            report.testcases[index].columnKind = parts.columnKind
        }

        private mutating func row(_ line: Substring, number: Int) {
            guard let index = current else { return }
            let tokens = line.byteTokens
            guard let label = tokens.first else { return }
            var values: [Double?] = []
            values.reserveCapacity(tokens.count - 1)
            for token in tokens.dropFirst() {
                if token.utf8.elementsEqual("N/A".utf8) { values.append(nil); continue }
                guard let value = Double(token), value.isFinite else {
                    log.add(.warning, line: number, kind: "bad value", "unreadable matrix value '\(token.prefix(40))'")
                    values.append(nil)
                    continue
                }
                values.append(value)
            }
            row(label: String(label), values, of: index, number: number)
        }

        /// A matrix row read by either reader (text lines or bytes), added to testcase `index`.
        mutating func row(label: String, _ values: [Double?], of index: Int, number: Int) {
            let columns = report.testcases[index].columnLabels.count
            if values.count != columns {
                log.add(.warning, line: number, kind: "row width",
                        "matrix row has \(values.count) values for \(columns) columns")
            }
            report.testcases[index].rowLabels.append(label)
            report.testcases[index].values.append(values)
            report.testcases[index].status = .passed
        }

        private mutating func sum(_ rest: Substring, number: Int) {
            let tokens = rest.byteTokens
            guard tokens.count == 2, let value = Double(tokens[1]) else {
                log.add(.warning, line: number, kind: "bad sum", "unreadable SUM line")
                return
            }
            sum(name: String(tokens[0]), value)
        }

        mutating func sum(name: String, _ value: Double) {
            if let index = current, report.testcases[index].name == name {
                report.testcases[index].sum = value
                if report.testcases[index].status == .incomplete { report.testcases[index].status = .passed }
            } else {
                report.testcases.append(NvbandwidthTestcase(name: name, status: .passed, sum: value))
            }
            place = .outside
            current = nil
        }

        /// `Waived: `, `Error: …` or `Not Found: …`: the running testcase's outcome, else a
        /// testcase of its own (nvbandwidth prints no `Running` line for a waived testcase).
        mutating func outcome(_ status: NvbandwidthStatus, message: Substring) {
            let text = message.isEmpty ? nil : String(message)
            if let index = current, report.testcases[index].status == .incomplete {
                report.testcases[index].status = status
                report.testcases[index].message = text ?? report.testcases[index].message
            } else {
                report.testcases.append(NvbandwidthTestcase(name: nil, status: status, message: text))
            }
            place = .outside
            current = nil
        }

        private mutating func note(_ line: Substring) {
            guard let index = current else { return }
            let previous = report.testcases[index].message.map { $0 + " " } ?? ""
            report.testcases[index].message = previous + line
        }

        private mutating func header(_ line: Substring, number: Int) {
            if let value = Self.after(line, prefix: "nvbandwidth Version:") {
                report.version = Self.nonEmpty(value)
            } else if let value = Self.after(line, prefix: "CUDA Runtime Version:") {
                report.cudaRuntimeVersion = Int(value.trimmedSpaces)
            } else if let value = Self.after(line, prefix: "Driver Version:") {
                report.driverVersion = Self.nonEmpty(value)
            } else if line.utf8.starts(with: "Device ".utf8), line.utf8.contains(UInt8(ascii: ":")) {
                report.devices.append(String(line))
            }
            // Everything else between testcases is prose: the hostname, `Built from Git version:`,
            // `CUDA Driver Version:`, the closing NOTE.
        }

        /// By bytes: Character comparison (grapheme breaking) was most of the parse. The first byte
        /// alone turns most lines away: five generic `starts(with:)` per line were 8 % of it.
        static func after(_ line: Substring, prefix: StaticString) -> Substring? {
            let pattern = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            guard line.utf8.first == pattern.first, line.utf8.starts(with: pattern) else { return nil }
            return Substring(line.utf8.dropFirst(pattern.count))
        }

        static func nonEmpty(_ value: Substring) -> String? {
            let trimmed = value.trimmedSpaces
            return trimmed.isEmpty ? nil : String(trimmed)
        }

        static let statusPrefixes: [(NvbandwidthStatus, StaticString)] = [(.waived, "Waived:"), (.error, "Error:"),
                                                                           (.notFound, "Not Found:")]

        static func statusLine(_ line: Substring) -> (status: NvbandwidthStatus, message: Substring)? {
            // `rawValue + ":"`, fixed: building it made three strings per line.
            for (status, prefix) in statusPrefixes {
                if let rest = after(line, prefix: prefix) { return (status, rest.trimmedSpaces) }
            }
            return nil
        }
    }
}

extension Substring {
    /// Fields between runs of spaces, split by bytes (nvbandwidth prints ASCII). One loop and one
    /// array: `utf8.split(separator:)` and a `map` over its pieces were a tenth of the parse.
    var byteTokens: [Substring] {
        var tokens: [Substring] = []
        let bytes = utf8
        var i = bytes.startIndex
        while i != bytes.endIndex {
            while i != bytes.endIndex, bytes[i] == 0x20 { i = bytes.index(after: i) }
            guard i != bytes.endIndex else { break }
            let start = i
            while i != bytes.endIndex, bytes[i] != 0x20 { i = bytes.index(after: i) }
            tokens.append(Substring(bytes[start..<i]))
        }
        return tokens
    }
}

/// The parts of a testcase description: `memcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)`.
struct NvbandwidthDescription {
    var unit: String?
    var rowKind: String?
    var columnKind: String?

    init(_ text: Substring) {
        // ASCII (every description nvbandwidth prints) on bytes, where a byte is a `Character`:
        // Foundation's `range(of:)` and a reversed `Character` walk per testcase were two fifths of
        // the JSON parse.
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? Self(ascii: bytes) : nil
        }
        if let parts = ascii ?? nil {
            self = parts
            return
        }
        if let open = text.lastIndex(of: "("), text.hasSuffix(")") {
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
            unit = inside.isEmpty ? nil : String(inside)
        }
        rowKind = Self.kind(before: "(row)", in: text)
        columnKind = Self.kind(before: "(column)", in: text)
    }

    private init(ascii bytes: UnsafeBufferPointer<UInt8>) {
        let whole = 0..<bytes.count
        if bytes.last == 0x29, let open = bytes.lastIndex(of: 0x28) {
            unit = open + 1 < bytes.count - 1 ? ByteText.string(bytes, (open + 1)..<(bytes.count - 1)) : nil
        }
        rowKind = ByteText.find("(row)", in: bytes, whole).flatMap { Self.word(before: $0, in: bytes) }
        columnKind = ByteText.find("(column)", in: bytes, whole).flatMap { Self.word(before: $0, in: bytes) }
    }

    /// The ASCII letters right before `end`.
    private static func word(before end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = end
        while start > 0, NcclTextNumbers.isLetter(bytes[start - 1]) { start -= 1 }
        return start < end ? ByteText.string(bytes, start..<end) : nil
    }

    /// `CPU` of `CPU(row)`: the letters right before the marker.
    static func kind(before marker: String, in text: Substring) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let head = text[..<range.lowerBound]
        let word = head.reversed().prefix { $0.isLetter }
        return word.isEmpty ? nil : String(word.reversed())
    }
}
