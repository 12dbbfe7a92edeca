/// Cell splitting and value cleanup for `--query-gpu` CSV.
enum GPUQueryCells {
    enum Value: Equatable {
        case text(String)
        /// A bracketed placeholder such as `[N/A]`; the reason is the text inside the brackets.
        case unavailable(String)
    }

    /// Splits on commas and trims blanks. nvidia-smi writes `", "`; a bare `,` is accepted too.
    static func split(_ line: Substring) -> [Substring] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmedSpaces }
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
    static func value(_ cell: Substring, unit: String?, stripGenericUnit: Bool) -> Value {
        if cell.count >= 2, cell.hasPrefix("["), cell.hasSuffix("]") {
            return .unavailable(String(cell.dropFirst().dropLast()))
        }
        if let unit, !unit.isEmpty, cell.hasSuffix(" " + unit) {
            return .text(String(cell.dropLast(unit.count + 1).trimmedSpaces))
        }
        if stripGenericUnit, let space = cell.lastIndex(of: " ") {
            let number = cell[..<space], word = cell[cell.index(after: space)...]
            if Double(number) != nil, !word.isEmpty,
               word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "%" || $0 == "/" }) {
                return .text(String(number))
            }
        }
        return .text(String(cell))
    }
}
