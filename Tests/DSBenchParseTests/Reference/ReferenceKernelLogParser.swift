// The parser as it was on main (4c8082f), before the parsers branch made it faster; kept verbatim
// but renamed: ParserEquivalenceTests.swift compares the new one with it.
@testable import DSBenchParse

import DSBenchCore

/// The NVIDIA driver's Xid and SXid lines of a kernel log, in every timestamp form the tools print:
/// `dmesg` (`[    0.599751] NVRM: …`), `dmesg -T` (`[Wed Dec  2 02:19:00 2026] …`),
/// `dmesg --time-format=iso` (`2026-12-02T02:19:00,123456+00:00 NVRM: …`), `journalctl -k`
/// (`Dec 02 02:19:00 host kernel: NVRM: …`) and its `-o short-iso`. The line format is the driver's:
/// `NVRM: Xid (PCI:0000:00:06): 79, pid=0, GPU has fallen off the bus.` and
/// `nvidia-nvswitch3: SXid (PCI:0000:05:00.0): 12028, Non-fatal, …`.
enum ReferenceKernelLogParser {
    static func parse(_ bytes: [UInt8]) -> KernelLogReport {
        var report = KernelLogReport()
        var log = CappedDiagnostics()
        var poll = CancellationPoll()
        for line in SmiLines.split(SmiLines.decode(bytes)) {
            if poll.shouldStop() { break }
            let text = line.text
            if text.trimmedSpaces.isEmpty { continue }
            report.lines += 1
            // ASCII byte search: `Substring.contains` and `firstRange(of:)` were most of the time (8.8 MB/s).
            guard text.containsASCII("NVRM") || text.containsASCII("nvidia") || text.containsASCII("Xid") else { continue }
            report.driverLines += 1
            guard let marker = text.firstASCII("Xid (") else { continue }
            let isSXid = marker.lowerBound > text.startIndex && text[text.index(before: marker.lowerBound)] == "S"
            let markerStart = isSXid ? text.index(before: marker.lowerBound) : marker.lowerBound
            guard let event = event(text, marker: marker.upperBound, kind: isSXid ? .sxid : .xid, line: line.number,
                                    prefix: text[..<markerStart]) else {
                log.add(.warning, line: line.number, kind: "unreadable xid",
                        "an \(isSXid ? "SXid" : "Xid") line without a readable code: \(text.prefix(120))")
                continue
            }
            report.events.append(event)
        }
        if report.lines == 0 {
            log.add(.warning, line: nil, kind: "empty", "no kernel log lines")
        } else if report.driverLines == 0 {
            log.add(.note, line: nil, kind: "no driver",
                    "no NVIDIA driver lines (NVRM, nvidia): not a kernel log, or the window held none")
        }
        report.diagnostics = log.finished()
        return report
    }

    /// `PCI:0000:00:06): 79, pid=0, name=python, GPU has fallen off the bus.` after `Xid (`.
    private static func event(_ text: Substring, marker: Substring.Index, kind: KernelXidEvent.Kind, line: Int,
                              prefix: Substring) -> KernelXidEvent? {
        let rest = text[marker...]
        guard let close = rest.firstASCII("):") else { return nil }
        var address = rest[..<close.lowerBound].trimmedSpaces
        if address.hasPrefix("PCI:") { address = address.dropFirst(4) }
        var tail = rest[close.upperBound...].trimmedSpaces
        let digits = tail.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 9, let code = Int(digits) else { return nil }
        tail = tail[digits.endIndex...]
        if tail.hasPrefix(",") { tail = tail.dropFirst().trimmedSpaces }
        var pid: Int?
        var name: String?
        if tail.hasPrefix("pid=") {
            let value = field(&tail, after: "pid=")
            pid = Int(value.trimmingQuotes)
        }
        if tail.hasPrefix("name=") {
            let value = field(&tail, after: "name=")
            name = value.isEmpty || value == "<unknown>" ? nil : String(value)
        }
        return KernelXidEvent(kind: kind, code: code, pciAddress: address.isEmpty ? nil : String(address), pid: pid,
                              processName: name, detail: String(tail.trimmedSpaces), timestamp: timestamp(prefix),
                              line: line)
    }

    /// The value of `key=value, …` at the start of `tail`; `tail` moves past it and its comma.
    private static func field(_ tail: inout Substring, after key: String) -> Substring {
        let body = tail.dropFirst(key.count)
        let end = body.firstIndex(of: ",") ?? body.endIndex
        let value = body[..<end].trimmedSpaces
        tail = end < body.endIndex ? body[body.index(after: end)...].trimmedSpaces : body[end...]
        return value
    }

    /// The line's time as printed: the journal's own (before `host kernel:`), else dmesg's
    /// bracket, else whatever precedes the driver's tag (`--time-format=iso`).
    static func timestamp(_ prefix: Substring) -> String? {
        var head = prefix
        // Strip the driver's tag: `NVRM: `, `nvidia-nvswitch3: `.
        if let tag = head.firstASCII("NVRM:") ?? head.firstASCII("nvidia") { head = head[..<tag.lowerBound] }
        if let kernel = head.firstASCII(" kernel:") {
            let words = head[..<kernel.lowerBound].split(separator: " ")
            if words.count >= 2 { return words.dropLast().joined(separator: " ") }
        }
        if let open = head.firstIndex(of: "["), let close = head[open...].firstIndex(of: "]") {
            let inside = head[head.index(after: open)..<close].trimmedSpaces
            return inside.isEmpty ? nil : String(inside)
        }
        let trimmed = head.trimmedSpaces
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}

private extension Substring {
    var trimmingQuotes: Substring {
        var value = self
        while value.first == "'" || value.first == "\"" { value = value.dropFirst() }
        while value.last == "'" || value.last == "\"" { value = value.dropLast() }
        return value
    }
}
