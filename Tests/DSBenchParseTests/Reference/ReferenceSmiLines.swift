// SmiLines.split and GPUHealthKey.isAbsent as they were on main (4c8082f), before the parsers
// branch; ParserEquivalenceTests.swift compares the new ones with them.
@testable import DSBenchParse

enum ReferenceSmiLines {
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

    static func isAbsent(_ text: Substring) -> Bool {
        text.isEmpty || text == "N/A" || text == "[N/A]" || text == "Not Found" || text == "Not Supported"
            || text == "[Not Supported]" || text == "Unknown Error" || text == "Requested functionality has been deprecated"
    }
}
