import DSBenchCore

/// Builds table rows from fields that may arrive over several physical lines.
///
/// nccl-tests prints a row in pieces (preamble, out-of-place body, in-place body, ...) with
/// separate printf calls, and NCCL output written in between ends the physical line early
/// (§1.14). The assembler keeps the fields of an open row and completes it with the next
/// line that holds only body fields. A row that never completes is kept when its
/// out-of-place half is whole (in-place nil), else dropped with a diagnostic.
struct NcclTestsRowAssembler {
    private var fields: [NcclTextSpan] = []
    private var firstLine = 0
    private var preamble = 0
    private var expected = 0
    /// The layout in force when the open row began.
    private var layout = NcclTestsLayout()

    var hasOpenRow: Bool { !fields.isEmpty }
    /// Number of fields already in the open row (to place a glued field in its column).
    var openFieldCount: Int { fields.count }

    /// A line that starts a row (size, count, type, ...).
    mutating func start(_ tokens: [NcclTextSpan], line: Int, layout: inout NcclTestsLayout,
                        rows: inout [NcclTestsRow], diagnostics: inout NcclTextDiagnostics) {
        if hasOpenRow { flush(rows: &rows, diagnostics: &diagnostics, reason: "next row began") }
        preamble = Self.preambleCount(tokens, layout: layout)
        if !layout.fromHeader, tokens.count > preamble {
            let body = tokens.count - preamble
            let lastTwo = tokens.count >= 2 ? (tokens[tokens.count - 2], tokens[tokens.count - 1]) : nil
            layout = layout.inferred(bodyTokens: body, lastTwo: lastTwo)
        }
        fields.removeAll(keepingCapacity: true)
        fields.append(contentsOf: tokens)
        firstLine = line
        self.layout = layout
        expected = preamble + layout.bodyCount
        completeIfFull(rows: &rows, diagnostics: &diagnostics)
    }

    /// A line of body fields only: continues the open row.
    mutating func extend(_ tokens: [NcclTextSpan], rows: inout [NcclTestsRow],
                         diagnostics: inout NcclTextDiagnostics) {
        fields.append(contentsOf: tokens)
        completeIfFull(rows: &rows, diagnostics: &diagnostics)
    }

    /// Ends the open row early: the table was interrupted (footer, new header, end of input).
    mutating func flush(rows: inout [NcclTestsRow], diagnostics: inout NcclTextDiagnostics, reason: String) {
        guard hasOpenRow else { return }
        defer { fields.removeAll(keepingCapacity: true) }
        let halfCount = layout.halfCount
        guard fields.count >= preamble + halfCount,
              let row = Self.row(fields.prefix(preamble + halfCount), preamble: preamble, halfCount: halfCount,
                                 timestamp: false, withInPlace: false, line: firstLine,
                                 errorIsMaxDelta: layout.errorIsMaxDelta, diagnostics: &diagnostics) else {
            diagnostics.add(.warning, line: firstLine,
                            "incomplete row dropped (\(fields.count) of \(expected) fields; \(reason))")
            return
        }
        rows.append(row)
        diagnostics.add(.warning, line: firstLine,
                        "row cut short (\(reason)): in-place half missing, out-of-place kept")
    }

    private mutating func completeIfFull(rows: inout [NcclTestsRow], diagnostics: inout NcclTextDiagnostics) {
        guard fields.count >= expected else { return }
        defer { fields.removeAll(keepingCapacity: true) }
        if fields.count > expected {
            diagnostics.add(.warning, line: firstLine,
                            "row dropped: \(fields.count) fields where the header gives \(expected)")
            return
        }
        if let row = Self.row(fields[...], preamble: preamble, halfCount: layout.halfCount,
                              timestamp: layout.timestamp, withInPlace: true, line: firstLine,
                              errorIsMaxDelta: layout.errorIsMaxDelta, diagnostics: &diagnostics) {
            rows.append(row)
        }
    }

    /// size, count, type, then redop and root when the layout has them; an empty redop
    /// (hypercube, 2.13.0–2.13.3) shows as an integer where the redop should be.
    static func preambleCount(_ tokens: [NcclTextSpan], layout: NcclTestsLayout) -> Int {
        var n = 3
        if layout.hasRedop {
            let emptyRedop = tokens.count > 3 && NcclTextNumbers.int64(tokens[3]) != nil && layout.hasRoot
            if !emptyRedop { n += 1 }
        }
        if layout.hasRoot { n += 1 }
        return n
    }

    private static func row(_ f: ArraySlice<NcclTextSpan>, preamble: Int, halfCount: Int, timestamp: Bool,
                            withInPlace: Bool, line: Int, errorIsMaxDelta: Bool,
                            diagnostics: inout NcclTextDiagnostics) -> NcclTestsRow? {
        let s = f.startIndex
        guard let size = NcclTextNumbers.int64(f[s]), let count = NcclTextNumbers.int64(f[s + 1]) else {
            diagnostics.add(.warning, line: line, "row dropped: size or count is not an integer")
            return nil
        }
        let type = f[s + 2].string
        var redop = ""
        var root = -1
        var k = s + 3
        let preambleEnd = s + preamble
        if preambleEnd - k == 2 || (preambleEnd - k == 1 && NcclTextNumbers.int64(f[k]) == nil) {
            redop = f[k].string
            k += 1
        }
        if k < preambleEnd {
            guard let r = NcclTextNumbers.int(f[k]) else {
                diagnostics.add(.warning, line: line, "row dropped: root '\(f[k].string)' is not an integer")
                return nil
            }
            root = r
        }
        let oopStart = preambleEnd
        guard let oop = measurement(f[oopStart..<(oopStart + halfCount)], errorIsMaxDelta: errorIsMaxDelta) else {
            diagnostics.add(.warning, line: line, "row dropped: unreadable out-of-place field")
            return nil
        }
        var inPlace: NcclTestsMeasurement?
        var stamp: String?
        if withInPlace {
            let ipStart = oopStart + halfCount
            inPlace = measurement(f[ipStart..<(ipStart + halfCount)], errorIsMaxDelta: errorIsMaxDelta)
            if inPlace == nil { diagnostics.add(.warning, line: line, "unreadable in-place field: in-place half dropped") }
            if timestamp {
                let date = f[ipStart + halfCount], time = f[ipStart + halfCount + 1]
                if NcclTestsTimestamp.isDate(date), NcclTestsTimestamp.isTime(time) {
                    stamp = date.string + " " + time.string
                } else {
                    diagnostics.add(.warning, line: line, "unreadable timestamp")
                }
            }
        }
        return NcclTestsRow(size: size, count: count, type: type, redop: redop, root: root,
                            outOfPlace: oop, inPlace: inPlace, timestamp: stamp, line: line)
    }

    /// time, algbw, busbw, #wrong (+ i_min, i_max, i_p99, i_cv%); nil if any is unreadable.
    private static func measurement(_ f: ArraySlice<NcclTextSpan>, errorIsMaxDelta: Bool) -> NcclTestsMeasurement? {
        let s = f.startIndex
        guard f.count >= 4, let time = value(f[s]), let algbw = value(f[s + 1]), let busbw = value(f[s + 2]) else {
            return nil
        }
        var wrong: Int64?
        switch NcclTextNumbers.cell(f[s + 3]) {
        case .invalid: return nil
        case .number(let v):
            if errorIsMaxDelta {
                // maxDelta, not a count: only "no difference at all" maps to 0 wrong.
                wrong = v == 0 ? 0 : nil
            } else {
                guard let w = NcclTextNumbers.wrongCount(f[s + 3]) else { return nil }
                wrong = w
            }
        case .notAvailable, .nonFinite: wrong = nil
        }
        var m = NcclTestsMeasurement(timeUs: time, algbw: algbw, busbw: busbw, wrong: wrong)
        if f.count >= 8 {
            guard let a = value(f[s + 4]), let b = value(f[s + 5]), let c = value(f[s + 6]),
                  let d = value(f[s + 7]) else { return nil }
            m.iterMinUs = a; m.iterMaxUs = b; m.iterP99Us = c; m.iterCVPercent = d
        }
        return m
    }

    /// `.some(nil)` for N/A and non-finite cells, nil for unreadable ones.
    @inline(__always)
    private static func value(_ token: NcclTextSpan) -> Double?? {
        switch NcclTextNumbers.cell(token) {
        case .number(let v): return .some(v)
        case .notAvailable, .nonFinite: return .some(nil)
        case .invalid: return nil
        }
    }
}
