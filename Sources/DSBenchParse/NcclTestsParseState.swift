import DSBenchCore

/// The line classifier of `NcclTestsParser` (§1.15): launcher tag, NCCL_DEBUG text anywhere,
/// then comment lines (banner, header, footer), table rows, error lines.
struct NcclTestsParseState {
    var report = NcclTestsReport()
    var diagnostics = NcclTextDiagnostics()
    var layout = NcclTestsLayout()
    var assembler = NcclTestsRowAssembler()
    var headerSeen = false
    /// Between a column header and the footer.
    var inTable = false
    /// After `# Out of bounds values`, until the next banner or header.
    var afterFooter = false
    var lastErrorTaken = false
    /// Host names from device lines: NCCL prints the same name, which lets a glued
    /// `-1vm:4720:...` be split into the row's `-1` and the host `vm`.
    var knownHosts: [[UInt8]] = []
    /// `NCCL version x.y.z` seen in NCCL output, used when the banner has no library code.
    var versionFromNccl: String?
    /// Reused for every line: no allocation per line on the hot path.
    private var tokens: [NcclTextSpan] = []
    /// False: NCCL_DEBUG lines are counted, not kept (`NcclTestsParser.parse(streaming:)`).
    var keepDebugLines = true
    /// With `keepDebugLines`: false summarises each line into `report.transport` and drops it
    /// (what the store keeps; 373 k kept lines of a 64 MiB log were most of an ingest's memory).
    var keepDebugLineRecords = true
    /// Every kept NCCL_DEBUG line goes through it once, as read (`report.transport`).
    private var transport = NcclDebugInfo.Builder()
    var debugLineCount = 0
    /// Rows already handed to a streaming parse's sink (no longer in `report.rows`).
    var rowsDrained = 0
    var lineCount = 0

    mutating func consume(_ line: NcclTextSpan, line number: Int, terminated: Bool) {
        var span = line.dropping(first: LinePrefix.length(in: line.base, from: line.lower, to: line.upper))
        if let match = NcclDebugLineScanner.find(in: span) {
            span = splitDebugLine(match, from: span, line: number)
        }
        let text = span.trimmedLeading()
        guard !text.isEmpty else { return }
        if text.hasPrefix("#") {
            comment(text.dropping(first: 1), line: number)
            return
        }
        // Row text never holds `#`; alltoallv summaries can be glued after a preamble.
        let body = text.firstIndex(of: 0x23).map { text.slice(text.lower, $0) } ?? text
        tokens.removeAll(keepingCapacity: true)
        body.tokens(into: &tokens)
        // The last field of a cut, unterminated last line may itself be cut: drop it.
        if !terminated, let last = tokens.last, last.upper == line.upper { tokens.removeLast() }
        if Self.isRowStart(tokens) {
            if afterFooter { diagnostics.add(.warning, line: number, "table row after the footer") }
            assembler.start(tokens, line: number, layout: &layout, rows: &report.rows, diagnostics: &diagnostics)
            return
        }
        if assembler.hasOpenRow, Self.isBodyOnly(tokens) {
            assembler.extend(tokens, rows: &report.rows, diagnostics: &diagnostics)
            return
        }
        if tokens.isEmpty { return }
        other(text, tokens: tokens, line: number)
    }

    /// Records the NCCL line and returns what precedes it on the physical line.
    private mutating func splitDebugLine(_ match: NcclDebugMatch, from span: NcclTextSpan,
                                         line number: Int) -> NcclTextSpan {
        var hostStart = match.hostStart
        var before = span.slice(span.lower, match.start)
        if match.start == match.hostStart, !before.isBlank {
            let tokens = before.tokens()
            if let first = tokens.first, NcclTextNumbers.cell(first) != .invalid {
                hostStart = gluePoint(match, tokens: tokens, lineStart: span.lower,
                                      continuing: !Self.isRowStart(tokens), in: span)
                before = span.slice(span.lower, hostStart)
            }
        }
        debugLineCount += 1
        // Counted only, the record is still read until it has given the NCCL version.
        guard keepDebugLines || versionFromNccl == nil else { return before }
        let record = NcclDebugLineScanner.record(match, hostStart: hostStart, in: span, lineNumber: number)
        if keepDebugLines {
            if keepDebugLineRecords { report.ncclDebugLines.append(record) }
            transport.add(record)
        }
        if versionFromNccl == nil, let v = NcclDebugLineScanner.versionNumber(inMessage: record.message) {
            versionFromNccl = v
        }
        return before
    }

    /// Where the NCCL host begins inside a field glued to it (`-1vm`, `0vm`): after a known
    /// host name, else at the column where the printf field ends, else after the number.
    private func gluePoint(_ match: NcclDebugMatch, tokens: [NcclTextSpan], lineStart: Int, continuing: Bool,
                           in span: NcclTextSpan) -> Int {
        let hs = match.hostStart, he = match.hostEnd
        for host in knownHosts where host.count < he - hs {
            let cut = he - host.count
            var same = true
            for (k, b) in host.enumerated() where span.base[cut + k] != b { same = false; break }
            if same { return cut }
        }
        let index = (continuing ? assembler.openFieldCount : 0) + tokens.count
        let field = layout.fieldWidth(at: index)
        let end = (tokens.last?.upper ?? lineStart) + field.separator + field.width
        if end > hs, end < he { return end }
        var k = hs
        if span.matches("N/A", at: k) { return k + 3 < he ? k + 3 : hs }
        if k < he, span.base[k] == 0x2D { k += 1 }
        while k < he, NcclTextNumbers.isDigit(span.base[k]) || span.base[k] == 0x2E { k += 1 }
        return k < he ? k : hs
    }

    /// A line that is neither a comment nor part of a row.
    private mutating func other(_ text: NcclTextSpan, tokens: [NcclTextSpan], line number: Int) {
        if text.hasPrefix("nThread ") {   // nccl-tests 1.0 printed the parameters without `#`
            parameters(text, line: number)
            return
        }
        if let version = NcclDebugLineScanner.bareVersion(text, lineNumber: number) {
            debugLineCount += 1
            if keepDebugLines {
                if keepDebugLineRecords { report.ncclDebugLines.append(version) }
                transport.add(version)
            }
            if versionFromNccl == nil { versionFromNccl = NcclDebugLineScanner.versionNumber(inMessage: version.message) }
            return
        }
        if let classified = NcclTestsErrorLines.classify(text, lineNumber: number) {
            switch classified {
            case .error(let error): report.errors.append(error)
            case .usage(let program): if report.program == nil { report.program = program }
            case .notice(let message): diagnostics.add(.warning, line: number, "nccl-tests: " + message)
            }
            return
        }
        // nccl-tests 2.13.4–2.17.2 end with the bare ncclGetLastError text (§1.9); newer
        // versions (which print the version banner) write `# error:` instead.
        if afterFooter, report.testsVersion == nil, !lastErrorTaken {
            lastErrorTaken = true
            report.errors.append(NcclTestsError(kind: "footer", host: nil, location: nil,
                                                message: text.trimmed().string, line: number))
            return
        }
        if inTable {
            let what = Self.isBodyOnly(tokens) ? "row fields without a row start" : "unrecognized line"
            diagnostics.add(.warning, line: number, what + " inside the results table")
        }
    }

    mutating func parameters(_ text: NcclTextSpan, line number: Int) {
        report.bannerCount += 1
        if afterFooter || report.bannerCount > 1 {
            assembler.flush(rows: &report.rows, diagnostics: &diagnostics, reason: "a new run began")
            afterFooter = false
            report.complete = false
            inTable = false
        }
        guard let parameters = NcclTestsBanner.parameters(text) else {
            diagnostics.add(.warning, line: number, "unreadable parameters line")
            return
        }
        if report.parameters == nil { report.parameters = parameters }
    }

    /// size, count (integers), then a type name: the start of a data row.
    static func isRowStart(_ tokens: [NcclTextSpan]) -> Bool {
        guard tokens.count >= 3, NcclTextNumbers.isUnsignedInteger(tokens[0]),
              NcclTextNumbers.isUnsignedInteger(tokens[1]),
              let first = tokens[2].byte(at: tokens[2].lower), NcclTextNumbers.isLetter(first) else { return false }
        return !tokens[2].equals("N/A") && !NcclTextNumbers.isNonFiniteWord(tokens[2])
    }

    /// Only measurement fields (numbers, N/A, inf/nan) or timestamp parts.
    static func isBodyOnly(_ tokens: [NcclTextSpan]) -> Bool {
        guard !tokens.isEmpty else { return false }
        for t in tokens where NcclTextNumbers.cell(t) == .invalid {
            if !NcclTestsTimestamp.isDate(t) && !NcclTestsTimestamp.isTime(t) { return false }
        }
        return true
    }

    mutating func finish(lineCount: Int) -> NcclTestsReport {
        assembler.flush(rows: &report.rows, diagnostics: &diagnostics, reason: "end of input")
        if let code = report.ncclLibraryCode, let v = NcclTextNumbers.ncclVersion(code: code) {
            report.ncclVersion = v
        } else if let v = versionFromNccl {
            report.ncclVersion = v
        }
        let rowCount = rowsDrained + report.rows.count
        let found = report.bannerCount > 0 || headerSeen || rowCount > 0 || !report.errors.isEmpty
            || report.testsVersion != nil || report.program != nil || !report.devices.isEmpty
            || report.outOfBounds != nil
        if !found {
            diagnostics.add(.error, line: nil, "no nccl-tests output found")
        } else if !report.complete, report.bannerCount > 0 || headerSeen || rowCount > 0 {
            diagnostics.add(.warning, line: max(lineCount, 1),
                            "no footer: run cut short after \(rowCount) rows")
        }
        report.diagnostics = diagnostics.final
        if keepDebugLines, transport.summary.lineCount > 0 { report.transport = transport.summary }
        return report
    }
}
