import DSBenchCore

/// `nvidia-smi dmon` output, text or `--format csv`, into samples keyed by header name
/// (docs/formats.md §3).
///
/// Columns come from the last header printed, so reprinted headers, other `-s` selections,
/// old 5-wide layouts, GPM columns and future columns all map without a fixed column list.
/// It works on bytes and never builds a `String` per field: dmon logs of long runs are large.
public enum DmonParser {
    /// - Parameter columns: names for captures made with `--format csv,noheader`, which print
    ///   no header (e.g. `["gpu", "pwr", "gtemp"]`); a header in the text replaces them.
    public static func parse(_ text: String, columns: [String]? = nil) -> DmonCapture {
        var copy = text
        return copy.withUTF8 { parse(buffer: $0, columns: columns) }
    }

    /// Raw capture bytes; invalid UTF-8 only matters in header names, where it is replaced.
    public static func parse(_ bytes: [UInt8], columns: [String]? = nil) -> DmonCapture {
        bytes.withUnsafeBufferPointer { parse(buffer: $0, columns: columns) }
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, columns: [String]?) -> DmonCapture {
        var state = DmonParseState(buffer: buffer)
        if let columns {
            if let layout = DmonLayout(names: columns) {
                state.install(layout, line: nil)
            } else {
                state.log.add(.error, line: nil, kind: "columns",
                              "the columns given have no 'gpu' column; they are ignored")
            }
        }
        var lineStart = 0
        var lineNumber = 0
        let count = buffer.count
        var poll = CancellationPoll()
        while lineStart < count, !poll.shouldStop() {
            let lineEnd = ByteSearch.lineEnd(in: buffer, from: lineStart)
            lineNumber += 1
            let terminated = lineEnd < count
            var bodyEnd = lineEnd
            if bodyEnd > lineStart && buffer[bodyEnd - 1] == ByteText.cr { bodyEnd -= 1 }
            state.handleLine(lineStart..<bodyEnd, number: lineNumber, terminated: terminated)
            lineStart = lineEnd + 1
        }
        return state.finish()
    }
}

/// Everything the line loop carries from one line to the next.
struct DmonParseState {
    let buffer: UnsafeBufferPointer<UInt8>
    var capture = DmonCapture()
    var log = CappedDiagnostics()
    var layout: DmonLayout?
    var template: [String: Double?] = [:]
    /// Index into `template` for each of `layout.valueColumns` (valid in copies of `template`).
    var slots: [Dictionary<String, Double?>.Index] = []
    var tokens: [Range<Int>] = []
    /// True while the previous line was a names header, so the next `#` line holds units.
    var expectUnits = false
    /// Whether the last header line was comma-separated; nil before any header.
    var headerIsCSV: Bool?

    // Round tracking: a new round starts when a GPU repeats or the date/time changes.
    var round = -1
    var gpusInRound: Set<Int> = []
    var roundStamp: String?
    // The last date/time tokens and the timestamp built from them, reused while they repeat.
    var lastDate: Range<Int>?
    var lastTime: Range<Int>?
    var lastStamp: String?

    /// Whether every terminated data row so far ended in a space (dmon text since R525 does).
    /// An unterminated last row without one was cut inside its last field.
    var rowsEndWithSpace: Bool?

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        tokens.reserveCapacity(64)
    }

    mutating func install(_ newLayout: DmonLayout, line: Int?) {
        if newLayout.columns != layout?.columns {
            (template, slots) = newLayout.emptyValues()
            for name in newLayout.duplicates {
                log.add(.warning, line: line, kind: "duplicate column",
                        "column '\(name)' appears more than once; the last one is kept")
            }
        }
        layout = newLayout
        capture.columns = newLayout.columns
    }

    mutating func handleLine(_ range: Range<Int>, number: Int, terminated: Bool) {
        let body = ByteText.trim(buffer, range)
        if body.isEmpty { return }
        if buffer[body.lowerBound] == ByteText.hash {
            handleHeader((body.lowerBound + 1)..<body.upperBound, number: number)
        } else {
            expectUnits = false
            handleRow(body, number: number, terminated: terminated, endsWithSpace: body.upperBound < range.upperBound)
        }
    }

    /// Rows are split the way the last header was (`--format csv` or text); without a header
    /// (columns given by the caller) each row is looked at.
    mutating func split(_ range: Range<Int>, csv: Bool? = nil) {
        if csv ?? ByteText.contains(buffer, range, ByteText.comma) {
            ByteText.splitCSV(buffer, range, into: &tokens)
        } else {
            ByteText.splitWhitespace(buffer, range, into: &tokens)
        }
    }

    mutating func handleHeader(_ range: Range<Int>, number: Int) {
        split(range)
        let names = tokens.map { ByteText.string(buffer, $0) }
        guard let first = names.first, !(names.count == 1 && first.isEmpty) else { return }
        if DmonLayout.looksLikeUnits(firstToken: first) || expectUnits {
            expectUnits = false
            capture.units = names
            if let layout, names.count != layout.columns.count {
                log.add(.warning, line: number, kind: "units",
                        "units line has \(names.count) fields for \(layout.columns.count) columns")
            }
            return
        }
        guard let newLayout = DmonLayout(names: names) else {
            log.add(.note, line: number, kind: "comment", "'#' line without a 'gpu' column ignored")
            return
        }
        install(newLayout, line: number)
        headerIsCSV = ByteText.contains(buffer, range, ByteText.comma)
        expectUnits = true
    }

    mutating func handleRow(_ range: Range<Int>, number: Int, terminated: Bool, endsWithSpace: Bool) {
        guard let layout else {
            log.add(.warning, line: number, kind: "no header",
                    "data line before any dmon header (pass the column names for noheader captures); skipped")
            return
        }
        split(range, csv: headerIsCSV)
        let expected = layout.columns.count
        if tokens.count < expected {
            log.add(.warning, line: number, kind: "short row",
                    "row cut short: \(tokens.count) of \(expected) fields; dropped")
            return
        }
        if tokens.count > expected {
            log.add(.warning, line: number, kind: "long row",
                    "row has \(tokens.count) fields for \(expected) columns; dropped")
            return
        }
        if !terminated {
            if rowsEndWithSpace == true && !endsWithSpace {
                log.add(.warning, line: number, kind: "cut row",
                        "last row has no line break and lacks the trailing space of the rows before it: its last field may be cut; dropped")
                return
            }
            log.add(.note, line: number, kind: "unterminated row",
                    "last row has no line break; kept because all \(expected) fields are present")
        } else {
            rowsEndWithSpace = (rowsEndWithSpace ?? true) && endsWithSpace
        }
        guard let gpu = ByteText.smallInteger(buffer, tokens[layout.gpuPosition]) else {
            log.add(.warning, line: number, kind: "bad gpu",
                    "gpu index '\(ByteText.string(buffer, tokens[layout.gpuPosition]))' is not a number; row dropped")
            return
        }
        let stampChanged = updateStamp(layout)
        var values = template
        for (slot, column) in zip(slots, layout.valueColumns) {
            let token = tokens[column.position]
            if ByteText.isDash(buffer, token) { continue }
            if let value = ByteText.number(buffer, token) {
                values.values[slot] = value
            } else {
                log.add(.warning, line: number, kind: "bad value",
                        "\(column.name) value '\(ByteText.string(buffer, token))' is not a number; stored as null")
            }
        }
        if round < 0 || gpusInRound.contains(gpu) || (stampChanged && lastStamp != roundStamp) {
            round += 1
            gpusInRound.removeAll(keepingCapacity: true)
            roundStamp = lastStamp
        }
        gpusInRound.insert(gpu)
        capture.samples.append(DmonSample(gpu: gpu, round: round, timestamp: lastStamp, values: values, line: number))
    }

    /// Rebuilds the timestamp only when the date or time tokens differ from the last row's.
    /// Returns whether they did.
    mutating func updateStamp(_ layout: DmonLayout) -> Bool {
        let date = layout.datePosition.map { tokens[$0] }
        let time = layout.timePosition.map { tokens[$0] }
        if same(date, lastDate) && same(time, lastTime) { return false }
        lastDate = date
        lastTime = time
        lastStamp = DmonLayout.timestamp(date: date.map { ByteText.string(buffer, $0) },
                                         time: time.map { ByteText.string(buffer, $0) })
        return true
    }

    private func same(_ a: Range<Int>?, _ b: Range<Int>?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return ByteText.equal(buffer, a, b)
        default: return false
        }
    }

    mutating func finish() -> DmonCapture {
        if layout == nil && capture.samples.isEmpty {
            log.add(.warning, line: nil, kind: "empty", "no dmon header and no samples found")
        }
        capture.diagnostics = log.finished()
        return capture
    }
}
