/// Cell splitting and value cleanup for `--query-gpu` CSV.
enum GPUQueryCells {
    enum Value: Equatable {
        case text(String)
        /// A bracketed placeholder such as `[N/A]`; the reason is the text inside the brackets.
        case unavailable(String)
    }

    /// Splits on commas and trims blanks. nvidia-smi writes `", "`; a bare `,` is accepted too.
    /// On the UTF-8 bytes: splitting on `Character`s spent half of a large parse finding
    /// grapheme boundaries in text that is ASCII.
    static func split(_ line: Substring) -> [Substring] {
        var cells: [Substring] = []
        let bytes = line.utf8
        var start = bytes.startIndex, index = start
        while index != bytes.endIndex {
            if bytes[index] == 0x2C {
                cells.append(line[start..<index].trimmedSpaces)
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        cells.append(line[start..<bytes.endIndex].trimmedSpaces)
        return cells
    }

    /// Joins `count` cells starting at `index` back into one, using the original text between them,
    /// so that `NVIDIA Foo, Bar` keeps its exact spelling.
    static func merge(_ cells: [Substring], at index: Int, count: Int, in line: Substring) -> [Substring] {
        guard count > 1, index >= 0, index + count <= cells.count else { return cells }
        let first = cells[index], last = cells[index + count - 1]
        guard first.startIndex <= last.endIndex else { return cells }
        let merged = line[first.startIndex..<last.endIndex]
        return Array(cells[..<index]) + [merged] + Array(cells[(index + count)...])
    }

    /// `143771 MiB` with unit `MiB` → `143771`; `[N/A]` → unavailable. Header-less captures
    /// (`noheader` without `nounits`) have no unit list, so a trailing unit word after a
    /// number is dropped instead when `stripGenericUnit` is set.
    ///
    /// Compared on UTF-8 bytes, like `split`: this runs for every cell of every row.
    static func value(_ cell: Substring, unit: String?, stripGenericUnit: Bool) -> Value {
        let bytes = cell.utf8
        if bytes.count >= 2, bytes.first == 0x5B, bytes.last == 0x5D {
            return .unavailable(String(cell.dropFirst().dropLast()))
        }
        if let unit, !unit.isEmpty, let number = withoutSuffix(cell, " ", unit) {
            return .text(String(number.trimmedSpaces))
        }
        if stripGenericUnit, let space = bytes.lastIndex(of: 0x20) {
            let number = cell[..<space], word = cell[bytes.index(after: space)...]
            if Double(number) != nil, !word.isEmpty,
               word.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || $0 == 0x25 || $0 == 0x2F }) {
                return .text(String(number))
            }
        }
        return .text(String(cell))
    }

    /// `value(cell, unit: unit, stripGenericUnit: false)` of an ASCII cell, on its bytes: the
    /// range of its text, nil for a bracketed placeholder.
    static func valueRange(_ buffer: UnsafeBufferPointer<UInt8>, _ cell: Range<Int>, unit: [UInt8]) -> Range<Int>? {
        if cell.count >= 2, buffer[cell.lowerBound] == 0x5B, buffer[cell.upperBound - 1] == 0x5D { return nil }
        // The unit, after one space.
        let tailStart = cell.upperBound - unit.count, gap = tailStart - 1
        guard !unit.isEmpty, gap >= cell.lowerBound, buffer[gap] == 0x20 else { return cell }
        for (offset, byte) in unit.enumerated() where buffer[tailStart + offset] != byte { return cell }
        return ByteText.trim(buffer, cell.lowerBound..<gap)
    }

    /// `cell` without a trailing `separator` + `suffix`, nil when it does not end so.
    private static func withoutSuffix(_ cell: Substring, _ separator: String, _ suffix: String) -> Substring? {
        let bytes = cell.utf8, tail = suffix.utf8, gap = separator.utf8
        guard bytes.count >= tail.count + gap.count else { return nil }
        let tailStart = bytes.index(bytes.endIndex, offsetBy: -tail.count)
        let gapStart = bytes.index(tailStart, offsetBy: -gap.count)
        guard bytes[tailStart...].elementsEqual(tail), bytes[gapStart..<tailStart].elementsEqual(gap) else { return nil }
        return cell[..<gapStart]
    }
}
