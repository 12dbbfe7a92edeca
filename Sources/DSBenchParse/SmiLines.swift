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
        let pieces = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        let endsWithBreak = text.utf8.last == 0x0A
        for (offset, piece) in pieces.enumerated() {
            let isLast = offset == pieces.count - 1
            // "a\n" splits into ["a", ""]: the empty tail is not a line.
            if isLast && endsWithBreak { break }
            let body = piece.last == 0x0D ? piece.dropLast() : piece
            lines.append(SmiLine(number: offset + 1, text: Substring(body), terminated: !isLast || endsWithBreak))
        }
        return lines
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
