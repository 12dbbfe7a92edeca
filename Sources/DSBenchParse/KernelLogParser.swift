import DSBenchCore

/// The NVIDIA driver's Xid and SXid lines of a kernel log, in every timestamp form the tools print:
/// `dmesg` (`[    0.599751] NVRM: …`), `dmesg -T` (`[Wed Dec  2 02:19:00 2026] …`),
/// `dmesg --time-format=iso` (`2026-12-02T02:19:00,123456+00:00 NVRM: …`), `journalctl -k`
/// (`Dec 02 02:19:00 host kernel: NVRM: …`) and its `-o short-iso`. The line format is the driver's:
/// `NVRM: Xid (PCI:0000:00:06): 79, pid=0, GPU has fallen off the bus.` and
/// `nvidia-nvswitch3: SXid (PCI:0000:05:00.0): 12028, Non-fatal, …`.
///
/// A byte scan: only a line holding `Xid (` is read further, ASCII lines on bytes
/// (`KernelXidBytes`), others decoded and read on `Substring`s (`KernelXidText`), which agree on
/// ASCII. Decoding the whole log and walking `Substring` lines parsed 26 MB/s on the worst case
/// (every line an Xid, `built_kernel_log_forms.txt` repeated).
public enum KernelLogParser {
    public static func parse(_ bytes: [UInt8]) -> KernelLogReport {
        bytes.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> KernelLogReport {
        var report = KernelLogReport()
        var log = CappedDiagnostics()
        var poll = CancellationPoll()
        for line in ByteLines(buffer) {
            if poll.shouldStop() { break }
            let range = line.range
            if ByteText.isBlank(buffer, range) { continue }
            report.lines += 1
            guard ByteText.find("NVRM", in: buffer, range) != nil || ByteText.find("nvidia", in: buffer, range) != nil
                    || ByteText.find("Xid", in: buffer, range) != nil else { continue }
            report.driverLines += 1
            guard let marker = ByteText.find("Xid (", in: buffer, range) else { continue }
            let read: (event: KernelXidEvent?, isSXid: Bool)
            if ByteText.isASCII(buffer, range) {
                read = KernelXidBytes(buffer, range, line: line.number).event(marker: marker)
            } else {
                read = KernelXidText.event(ByteText.string(buffer, range)[...], line: line.number)
            }
            guard let event = read.event else {
                let text = ByteText.string(buffer, range)
                log.add(.warning, line: line.number, kind: "unreadable xid",
                        "an \(read.isSXid ? "SXid" : "Xid") line without a readable code: \(text.prefix(120))")
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
}

/// An Xid line that is not all ASCII, read on `Character`s (the parser before the byte scan).
enum KernelXidText {
    /// The event of a line known to hold `Xid (`; nil when its code is unreadable.
    static func event(_ text: Substring, line: Int) -> (event: KernelXidEvent?, isSXid: Bool) {
        guard let marker = text.firstASCII("Xid (") else { return (nil, false) }
        let isSXid = marker.lowerBound > text.startIndex && text[text.index(before: marker.lowerBound)] == "S"
        let markerStart = isSXid ? text.index(before: marker.lowerBound) : marker.lowerBound
        let event = event(text, marker: marker.upperBound, kind: isSXid ? .sxid : .xid, line: line,
                          prefix: text[..<markerStart])
        return (event, isSXid)
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
