import DSBenchCore
import Foundation
import Yams

/// The suite text a run stores (`runs.suite_text`, shown in reports): the text as written, with
/// the value of every secret env variable replaced in place by `'<redacted>'`. Comments, layout and
/// every other value stay, so the stored text still loads (health and regression settings are read
/// back from it) and still reads as the suite that ran.
enum SuiteTextRedaction {
    static let quotedPlaceholder = "'\(SecretEnv.placeholder)'"

    /// `scalars`: the YAML scalars holding secret values (`NodeReader.secretScalars`) of `text`.
    static func redact(_ text: String, scalars: [Node]) -> String {
        guard !scalars.isEmpty else { return text }
        var characters = Array(text.unicodeScalars)
        let lineStarts = self.lineStarts(characters)
        var edits: [(range: Range<Int>, with: String)] = []
        for node in scalars {
            guard case .scalar(let scalar) = node, let mark = node.mark,
                  mark.line >= 1, mark.line <= lineStarts.count else { continue }
            let start = lineStarts[mark.line - 1] + max(0, mark.column - 1)
            guard start < characters.count else { continue }
            edits += self.edits(for: scalar, at: start, in: characters)
        }
        // Back to front, so earlier offsets stay valid.
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            characters.replaceSubrange(edit.range, with: Array(edit.with.unicodeScalars))
        }
        return String(String.UnicodeScalarView(characters))
    }

    private static func edits(for scalar: Node.Scalar, at start: Int,
                              in characters: [Unicode.Scalar]) -> [(range: Range<Int>, with: String)] {
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            let end = closingQuote(characters, from: start, double: scalar.style == .doubleQuoted)
            return [(start..<end, quotedPlaceholder)]
        case .literal, .folded:
            // The mark is on `|` or `>`; the value is the more indented lines below, each kept as a
            // line of its own so the block stays well formed.
            var edits: [(range: Range<Int>, with: String)] = []
            var cursor = start
            for line in scalar.string.split(separator: "\n").map(String.init) where !line.isEmpty {
                guard let found = find(Array(line.unicodeScalars), in: characters, from: cursor) else { continue }
                edits.append((found, SecretEnv.placeholder))
                cursor = found.upperBound
            }
            return edits
        default:
            let value = Array(scalar.string.unicodeScalars)
            if characters[start...].starts(with: value) { return [(start..<(start + value.count), quotedPlaceholder)] }
            return foldedPlain(scalar.string, at: start, in: characters)
        }
    }

    /// A plain scalar folded over several lines: its value is the lines' texts joined by spaces.
    /// The first line's part becomes the placeholder, the continuation lines become empty.
    private static func foldedPlain(_ value: String, at start: Int,
                                    in characters: [Unicode.Scalar]) -> [(range: Range<Int>, with: String)] {
        var edits: [(range: Range<Int>, with: String)] = []
        var remaining = Substring(value)
        var lineStart = start
        while lineStart < characters.count, !remaining.isEmpty {
            var end = lineStart
            while end < characters.count, characters[end] != "\n" { end += 1 }
            var first = lineStart
            while first < end, characters[first] == " " || characters[first] == "\t" { first += 1 }
            let piece = String(String.UnicodeScalarView(characters[first..<end])).trimmingCharacters(in: .whitespaces)
            guard !piece.isEmpty, remaining.hasPrefix(piece) else { break }
            edits.append((first..<end, edits.isEmpty ? quotedPlaceholder : ""))
            remaining = remaining.dropFirst(piece.count).drop { $0 == " " }
            lineStart = end + 1
        }
        return edits
    }

    /// Index just past the quote that closes the scalar starting at `start` (`''` is a quote in
    /// single-quoted text, a backslash escapes in double-quoted text).
    private static func closingQuote(_ characters: [Unicode.Scalar], from start: Int, double: Bool) -> Int {
        let quote: Unicode.Scalar = double ? "\"" : "'"
        var i = start + 1
        while i < characters.count {
            if double && characters[i] == "\\" { i += 2; continue }
            if characters[i] == quote {
                if !double, i + 1 < characters.count, characters[i + 1] == "'" { i += 2; continue }
                return i + 1
            }
            i += 1
        }
        return characters.count
    }

    private static func find(_ needle: [Unicode.Scalar], in characters: [Unicode.Scalar], from: Int) -> Range<Int>? {
        guard !needle.isEmpty, from + needle.count <= characters.count else { return nil }
        for i in from...(characters.count - needle.count) where characters[i..<(i + needle.count)].elementsEqual(needle) {
            return i..<(i + needle.count)
        }
        return nil
    }

    private static func lineStarts(_ characters: [Unicode.Scalar]) -> [Int] {
        var starts = [0]
        for (i, c) in characters.enumerated() where c == "\n" { starts.append(i + 1) }
        return starts
    }
}
