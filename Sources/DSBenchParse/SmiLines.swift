import DSBenchCore

/// One line of a capture: 1-based number, text without the line break (a CR before the LF is
/// dropped too, so CRLF captures read like LF ones), and whether a line break ended it.
struct SmiLine {
    let number: Int
    let text: Substring
    /// False only for a last line cut before its line break (a killed process, a full disk).
    let terminated: Bool
}

/// Line splitting shared by the nvidia-smi and system-facts parsers.
///
/// It splits on the LF byte rather than on `Character`s because Swift treats CRLF as one
/// `Character`, and because a byte split never loses line numbering on odd input.
enum SmiLines {
    static func split(_ text: String) -> [SmiLine] {
        var lines: [SmiLine] = []
        forEach(text) { lines.append($0); return true }
        return lines
    }

    /// The lines of `split`, one at a time until `body` returns false: a large capture's parse
    /// need not hold an array of millions of lines (growing it was a tenth of the nvbandwidth parse).
    ///
    /// Line ends are found by `memchr` on the contiguous UTF-8: the generic `utf8.split` it
    /// replaced walked the view byte by byte and was a sixth of the smi-health parse.
    static func forEach(_ text: String, _ body: (SmiLine) -> Bool) {
        var copy = text
        copy.makeContiguousUTF8()
        let utf8 = copy.utf8
        // An empty text is one empty, unterminated line (as `split(separator:)` gives `[""]`).
        guard !utf8.isEmpty else { _ = body(SmiLine(number: 1, text: "", terminated: false)); return }
        // Always contiguous after `makeContiguousUTF8`.
        _ = utf8.withContiguousStorageIfAvailable { buffer in
            var start = 0, number = 0
            while start < buffer.count {
                let end = ByteSearch.lineEnd(in: buffer, from: start)
                let stop = end > start && buffer[end - 1] == 0x0D ? end - 1 : end
                number += 1
                let lower = utf8.index(utf8.startIndex, offsetBy: start), upper = utf8.index(utf8.startIndex, offsetBy: stop)
                guard body(SmiLine(number: number, text: Substring(utf8[lower..<upper]), terminated: end < buffer.count)) else { return }
                start = end + 1
            }
        }
    }

    /// Text decoded from raw bytes; invalid UTF-8 becomes U+FFFD so that nothing is rejected.
    static func decode(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// Diagnostics with a cap per kind, so that a megabyte of garbage yields a readable list
/// (the first few problems and a count) instead of one entry per line.
struct CappedDiagnostics {
    private(set) var items: [Diagnostic] = []
    private var counts: [String: Int] = [:]
    let limitPerKind: Int

    init(limitPerKind: Int = 20) { self.limitPerKind = limitPerKind }

    mutating func add(_ severity: Diagnostic.Severity, line: Int?, kind: String, _ message: String) {
        let seen = counts[kind, default: 0]
        counts[kind] = seen + 1
        if seen < limitPerKind { items.append(Diagnostic(severity, line: line, message)) }
    }

    /// The kept diagnostics plus one summary per kind that went over the cap.
    func finished() -> [Diagnostic] {
        var all = items
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) where count > limitPerKind {
            all.append(Diagnostic(.note, "\(count - limitPerKind) more '\(kind)' diagnostics not shown"))
        }
        return all
    }
}
