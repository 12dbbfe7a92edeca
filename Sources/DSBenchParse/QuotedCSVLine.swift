/// Cells of one line of the CSV that Nsight Compute and Nsight Systems write: every value in
/// double quotes (`"3,199,418,037.02"`), `""` for a quote inside one, bare values accepted too.
///
/// A line break always ends a record, inside quotes or not: neither tool puts line breaks in a
/// value, and a stray quote in a corrupted capture then spoils one line rather than the rest of
/// the file. Cells are byte ranges into the caller's buffer; text is made only when asked for, so
/// a 100 MB raw page is split without a String per cell.
struct QuotedCSVLine {
    struct Cell {
        var start: Int
        var end: Int
        /// The cell was quoted and holds `""`: its text needs unescaping.
        var hasEscapedQuote: Bool
    }

    private(set) var cells: [Cell] = []

    /// Splits `bytes[start..<end]` (one line, without its line break), reusing the cell storage.
    mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        cells.removeAll(keepingCapacity: true)
        var index = start
        while true {
            while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            if index < end, bytes[index] == 0x22 {
                let valueStart = index + 1
                var cursor = valueStart, escaped = false
                while cursor < end {
                    if bytes[cursor] == 0x22 {
                        if cursor + 1 < end, bytes[cursor + 1] == 0x22 { escaped = true; cursor += 2; continue }
                        break
                    }
                    cursor += 1
                }
                cells.append(Cell(start: valueStart, end: cursor, hasEscapedQuote: escaped))
                index = cursor + 1
                while index < end, bytes[index] != 0x2C { index += 1 }
            } else {
                var cursor = index
                while cursor < end, bytes[cursor] != 0x2C { cursor += 1 }
                var valueEnd = cursor
                while valueEnd > index, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x0D { valueEnd -= 1 }
                cells.append(Cell(start: index, end: valueEnd, hasEscapedQuote: false))
                index = cursor
            }
            guard index < end else { return }
            index += 1   // the comma
            if index == end { cells.append(Cell(start: end, end: end, hasEscapedQuote: false)); return }
        }
    }

    var count: Int { cells.count }

    func isEmpty(_ column: Int) -> Bool {
        column >= cells.count || cells[column].end <= cells[column].start
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int) -> String {
        guard column >= 0, column < cells.count else { return "" }
        let cell = cells[column]
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[cell.start..<cell.end]), as: UTF8.self)
        return cell.hasEscapedQuote ? raw.replacingQuotePairs() : raw
    }

    func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int, _ literal: StaticString) -> Bool {
        guard column < cells.count else { return false }
        let cell = cells[column]
        guard cell.end - cell.start == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<literal.utf8CodeUnitCount where bytes[cell.start + offset] != pointer[offset] { return false }
        return true
    }

    func number(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int) -> Double? {
        guard column < cells.count else { return nil }
        return SeparatedNumber.parse(bytes, cells[column].start, cells[column].end)
    }

    func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int) -> Int? {
        guard let value = number(bytes, column), value == value.rounded(), abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}

private extension String {
    func replacingQuotePairs() -> String {
        var out = ""
        var previousWasQuote = false
        for character in self {
            if character == "\"" && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = character == "\""
            out.append(character)
        }
        return out
    }
}

/// A number as the profilers print it: `3,199,418,037.02`, `94.68`, `4.0e-05`, `-1`.
///
/// Digits accumulate into an integer and are scaled by an exact power of ten: with fewer than 16
/// significant digits and at most 22 decimals that is the correctly rounded double (Clinger's fast
/// path), equal to `Double("3199418037.02")`. Anything else (an exponent, more digits) goes to
/// `Double(String)`. `Double(String)` for every cell held a raw-page parse near 60 MB/s.
enum SeparatedNumber {
    private static let exactPowers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var index = start
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == 0x2D || bytes[index] == 0x2B { negative = bytes[index] == 0x2D; index += 1 }
        var mantissa: UInt64 = 0, digits = 0, decimals = 0
        var sawPoint = false, sawDigit = false, needsSlowPath = false
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                if mantissa == 0 && byte == 0x30 && !sawPoint {
                    // A leading zero adds no significant digit.
                } else {
                    digits += 1
                    if digits > 15 { needsSlowPath = true }
                    mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)
                }
                if sawPoint { decimals += 1 }
            } else if byte == 0x2C && !sawPoint && sawDigit {
                // A thousands separator.
            } else if byte == 0x2E && !sawPoint {
                sawPoint = true
            } else if byte == 0x65 || byte == 0x45 {
                needsSlowPath = true
                break
            } else {
                return nil
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if needsSlowPath || decimals >= exactPowers.count { return slow(bytes, start, end) }
        let value = Double(mantissa) / exactPowers[decimals]
        return negative ? -value : value
    }

    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var text = ""
        text.reserveCapacity(end - start)
        for index in start..<end where bytes[index] != 0x2C { text.unicodeScalars.append(Unicode.Scalar(bytes[index])) }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
