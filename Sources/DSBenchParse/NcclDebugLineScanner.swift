import DSBenchCore

/// Where an NCCL_DEBUG line sits inside one physical line (§2.1 of docs/formats.md).
///
/// NCCL writes to the same stdout as nccl-tests, so its lines can start anywhere: glued to
/// an open row preamble (`...  -1host:1:2 [0] NCCL INFO ...`), after a launcher tag, or after
/// a `[timestamp] `. The scanner therefore searches for ` NCCL <LEVEL> ` and walks back to the
/// `host:pid:tid [dev]` prefix instead of anchoring at the line start.
struct NcclDebugMatch {
    /// Absolute index where the NCCL text begins (the timestamp bracket when there is one).
    var start: Int
    /// The host field as found: `[hostStart, hostEnd)`. When the line is glued to a row the
    /// host field also holds the row's last characters; the caller splits it.
    var hostStart: Int
    var hostEnd: Int
    var pid: Int?
    var device: Int?
    var level: String
    var messageStart: Int
}

enum NcclDebugLineScanner {
    /// How far back from ` NCCL ` the `host:pid:tid [dev]` prefix may start. WARN lines carry
    /// `file:line (function)` in between; 512 bytes covers any real function name.
    private static let maxPrefixDistance = 512

    /// The first NCCL_DEBUG line in `span`, if any.
    static func find(in span: NcclTextSpan) -> NcclDebugMatch? {
        let base = span.base
        // `NCCL ` plus the shortest level needs 9 bytes, after a blank.
        let last = span.upper - 9
        var i = span.lower + 1
        // Cheap filter first: most table lines contain no `N` at all.
        while i <= last, let n = ByteSearch.first(0x4E, in: base, from: i, to: last + 1) {
            if base[n - 1] == 0x20, span.matches("NCCL ", at: n),
               let (level, levelEnd) = level(in: span, at: n + 5),
               let match = prefix(in: span, before: n - 1, level: level, messageStart: levelEnd) {
                return match
            }
            i = n + 1
        }
        return nil
    }

    private static func level(in span: NcclTextSpan, at index: Int) -> (String, Int)? {
        let name: String
        let length: Int
        if span.matches("INFO", at: index) { name = "INFO"; length = 4 }
        else if span.matches("WARN", at: index) { name = "WARN"; length = 4 }
        else if span.matches("TRACE", at: index) { name = "TRACE"; length = 5 }
        else if span.matches("CALL", at: index) { name = "CALL"; length = 4 }
        else { return nil }
        let after = index + length
        if after == span.upper { return (name, after) }
        return span.base[after] == 0x20 ? (name, after + 1) : nil
    }

    /// Finds `host:pid:tid [dev]` (or `host:pid:tid` for CALL) ending before `space`, the
    /// blank in front of `NCCL`.
    private static func prefix(in span: NcclTextSpan, before space: Int, level: String,
                               messageStart: Int) -> NcclDebugMatch? {
        let base = span.base
        if level == "CALL" {
            guard let (hostEnd, pid) = pidTid(span, endingAt: space) else { return nil }
            return finish(span, hostEnd: hostEnd, pid: pid, device: nil, level: level, messageStart: messageStart)
        }
        // Nearest ` [digits]` whose left side ends in `:pid:tid`.
        var j = space - 1
        let stop = max(span.lower + 1, space - maxPrefixDistance)
        while j >= stop {
            if base[j] == 0x5B, base[j - 1] == 0x20 {
                var k = j + 1
                var device = 0
                var digits = 0
                while k < space, NcclTextNumbers.isDigit(base[k]), digits < 9 {
                    device = device * 10 + Int(base[k] &- 0x30); k += 1; digits += 1
                }
                if digits > 0, k < space, base[k] == 0x5D,
                   let (hostEnd, pid) = pidTid(span, endingAt: j - 1) {
                    return finish(span, hostEnd: hostEnd, pid: pid, device: device, level: level,
                                  messageStart: messageStart)
                }
            }
            j -= 1
        }
        return nil
    }

    /// Checks that the bytes before `end` are `:digits:digits`; returns the index of the
    /// first colon (the end of the host field) and the pid.
    private static func pidTid(_ span: NcclTextSpan, endingAt end: Int) -> (Int, Int?)? {
        let base = span.base
        var k = end - 1
        var digits = 0
        while k >= span.lower, NcclTextNumbers.isDigit(base[k]) { k -= 1; digits += 1 }
        guard digits > 0, k >= span.lower, base[k] == 0x3A else { return nil }
        let pidEnd = k
        k -= 1
        digits = 0
        while k >= span.lower, NcclTextNumbers.isDigit(base[k]) { k -= 1; digits += 1 }
        guard digits > 0, k > span.lower, base[k] == 0x3A else { return nil }
        let pid = NcclTextNumbers.int(NcclTextSpan(base, k + 1, pidEnd))
        return (k, pid)
    }

    private static func finish(_ span: NcclTextSpan, hostEnd: Int, pid: Int?, device: Int?,
                               level: String, messageStart: Int) -> NcclDebugMatch? {
        let base = span.base
        var hostStart = hostEnd
        while hostStart > span.lower {
            let b = base[hostStart - 1]
            if NcclTextSpan.isSpace(b) || b == 0x3A || b == 0x5D { break }
            hostStart -= 1
        }
        guard hostStart < hostEnd else { return nil }
        // `[2026-01-31 12:34:56] host:...` (timestamps, NCCL ≥ 2.26): include the bracket.
        var start = hostStart
        var k = hostStart - 1
        if k >= span.lower, base[k] == 0x20 { k -= 1 }
        if k >= span.lower, base[k] == 0x5D {
            var open = k - 1
            while open >= span.lower, k - open < 80, base[open] != 0x5B { open -= 1 }
            if open >= span.lower, base[open] == 0x5B { start = open }
        }
        return NcclDebugMatch(start: start, hostStart: hostStart, hostEnd: hostEnd, pid: pid,
                              device: device, level: level, messageStart: messageStart)
    }

    /// The record for a match, with the host field cut at `hostStart` (after glue splitting).
    static func record(_ match: NcclDebugMatch, hostStart: Int, in line: NcclTextSpan,
                       lineNumber: Int) -> NcclDebugLine {
        let host = line.slice(hostStart, match.hostEnd).string
        let message = line.slice(match.messageStart, line.upper).trimmedTrailing().string
        return NcclDebugLine(level: match.level, host: host.isEmpty ? nil : host, pid: match.pid,
                             device: match.device, message: message, line: lineNumber)
    }

    /// `NCCL version 2.21.5+cuda12.4` printed bare (NCCL ≤ 2.21 with NCCL_DEBUG set, or
    /// VERSION/WARN level in newer releases).
    static func bareVersion(_ span: NcclTextSpan, lineNumber: Int) -> NcclDebugLine? {
        let text = span.trimmed()
        guard text.hasPrefix("NCCL version ") else { return nil }
        return NcclDebugLine(level: "VERSION", host: nil, pid: nil, device: nil,
                             message: text.string, line: lineNumber)
    }

    /// `2.28.9` from a message such as `NCCL version 2.28.9+cuda13.0`.
    static func versionNumber(inMessage message: String) -> String? {
        guard let range = message.range(of: "NCCL version ") else { return nil }
        let rest = message[range.upperBound...]
        let number = rest.prefix { $0.isNumber || $0 == "." }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return String(number)
    }
}
