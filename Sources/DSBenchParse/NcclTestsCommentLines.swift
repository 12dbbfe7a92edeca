import DSBenchCore

/// Lines that start with `#`: banner, device list, column header, footer (§1.3–§1.9).
extension NcclTestsParseState {
    /// `text` is what follows the `#`.
    mutating func comment(_ text: NcclTextSpan, line number: Int) {
        let t = text.trimmedLeading()
        guard let first = t.byte(at: t.lower) else { return }
        switch first {
        case 0x6E:  // n
            if let v = NcclTestsBanner.version(t) {
                report.testsVersion = v.version
                report.ncclHeadersCode = v.headers
                report.ncclLibraryCode = v.library
                return
            }
            if t.hasPrefix("nThread ") { parameters(t, line: number); return }
        case 0x43:  // C
            if let name = t.after(prefix: "Collective test starting:")?.trimmed(), !name.isEmpty {
                report.program = name.string
                return
            }
            if let name = t.after(prefix: "Collective test concluded:")?.trimmed(), !name.isEmpty {
                if report.program == nil { report.program = name.string }
                return
            }
        case 0x52:  // R
            if t.hasPrefix("Rank ") {
                if let device = NcclTestsBanner.device(t) {
                    report.devices.append(device)
                    let host = Array(device.host.utf8)
                    if !host.isEmpty, !knownHosts.contains(host) { knownHosts.append(host) }
                } else {
                    diagnostics.add(.warning, line: number, "unreadable device line")
                }
                return
            }
            if t.hasPrefix("Reducing maxBytes") {
                report.reducedMaxBytes = NcclTestsBanner.reducedMaxBytes(t)
                return
            }
        case 0x57:  // W
            if let path = t.after(prefix: "Writing JSON output to ")?.trimmed() {
                report.jsonOutputPath = path.string
                return
            }
        case 0x73:  // s
            if t.hasPrefix("skipping json output") {
                diagnostics.add(.warning, line: number, "nccl-tests: " + t.trimmed().string)
                return
            }
        case 0x4F:  // O
            if let oob = NcclTestsFooter.outOfBounds(t) {
                assembler.flush(rows: &report.rows, diagnostics: &diagnostics, reason: "footer")
                report.outOfBounds = oob.count
                report.outOfBoundsOK = oob.ok
                report.complete = true
                afterFooter = true
                inTable = false
                return
            }
        case 0x41:  // A
            if let avg = NcclTestsFooter.avgBusBandwidth(t) {
                report.avgBusBandwidth = avg.value
                report.avgBusBandwidthOK = avg.ok
                return
            }
        case 0x65:  // e
            if let message = NcclTestsFooter.lastError(t) {
                if !message.isEmpty {
                    report.errors.append(NcclTestsError(kind: "footer", host: nil, location: nil,
                                                        message: message, line: number))
                }
                return
            }
        default:
            break
        }
        // Column names: the layout of every following row.
        if let header = NcclTestsLayout.fromHeader(t.tokens()) {
            assembler.flush(rows: &report.rows, diagnostics: &diagnostics, reason: "a new header began")
            if header.cpuTime, !(layout.fromHeader && layout.cpuTime) {
                diagnostics.add(.note, line: number, "time columns hold CPU time (-C 1)")
            }
            layout = header
            headerSeen = true
            inTable = true
            afterFooter = false
        }
        // Anything else (`#`, group and units lines, `Using devices`, blocking and
        // per-iteration notes, GPU memory usage, alltoallv summaries) carries nothing stored.
    }
}
