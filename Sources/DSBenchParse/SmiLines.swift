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
        // Line ends found by `memchr` on the contiguous UTF-8, then cut as before: the generic
        // `utf8.split` walked the view byte by byte and was a sixth of the smi-health and an
        // eighth of the nvbandwidth parse.
        var copy = text
        let cuts: [(start: Int, stop: Int, terminated: Bool)] = copy.withUTF8 { buffer in
            var cuts: [(start: Int, stop: Int, terminated: Bool)] = []
            var start = 0
            while start < buffer.count {
                let end = ByteSearch.lineEnd(in: buffer, from: start)
                cuts.append((start, end > start && buffer[end - 1] == 0x0D ? end - 1 : end, end < buffer.count))
                start = end + 1
            }
            return cuts
        }
        // An empty text is one empty, unterminated line (as `split` gives `[""]`).
        guard !cuts.isEmpty else { return [SmiLine(number: 1, text: "", terminated: false)] }
        let utf8 = copy.utf8
        return cuts.enumerated().map { offset, cut in
            let lower = utf8.index(utf8.startIndex, offsetBy: cut.start)
            let upper = utf8.index(utf8.startIndex, offsetBy: cut.stop)
            return SmiLine(number: offset + 1, text: Substring(utf8[lower..<upper]), terminated: cut.terminated)
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
