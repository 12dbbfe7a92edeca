import Yams

/// libyaml (through Yams) stops at the first mapping that repeats a key, so a suite with repeated
/// keys in two places would be fixed one round trip at a time. Each found repeat is renamed out of
/// the way in a scratch copy of the text and the copy composed again, until it composes or stops
/// at something else: every mapping with a repeated key is reported, each at its first key.
enum DuplicateKeys {
    /// Enough for any suite written by hand; a generated one with more repeats gets the first 50.
    static let maxRounds = 50

    static func all(_ first: any Error, text: String, file: String) -> [SuiteError] {
        var errors = [SuiteLoader.syntaxError(first, text: text, file: file)]
        guard case .duplicatedKeysInMapping = first as? YamlError else { return errors }
        var scratch = Array(text.unicodeScalars)
        var error: any Error = first
        for round in 0..<maxRounds {
            guard case .duplicatedKeysInMapping(let keys, let context)? = error as? YamlError,
                  rename(keys, after: context.mark, in: &scratch, round: round) else { break }
            do {
                _ = try Yams.compose(yaml: String(String.UnicodeScalarView(scratch)), .default, .default, .utf8)
                break
            } catch let next {
                error = next
                guard case .duplicatedKeysInMapping = next as? YamlError else { break }
                let found = SuiteLoader.syntaxError(next, text: text, file: file)
                if !errors.contains(where: { $0.line == found.line && $0.column == found.column }) { errors.append(found) }
            }
        }
        return errors
    }

    /// Renames the later occurrences of `keys` in the mapping whose first repeated key is at `mark`:
    /// a block mapping's keys stand at the mark's column on later lines, a flow mapping's on its line.
    private static func rename(_ keys: [String], after mark: Mark, in text: inout [Unicode.Scalar], round: Int) -> Bool {
        let lines = lineRanges(text)
        guard mark.line >= 1, mark.line <= lines.count else { return false }
        let first = mappingStart(lines, text: text, line: mark.line - 1, column: mark.column)
        let end = mappingEnd(lines, text: text, line: mark.line - 1, column: mark.column)
        var renamed = false
        // Back to front within the text, so the offsets found stay valid.
        var edits: [(start: Int, length: Int, with: [Unicode.Scalar])] = []
        for (k, key) in keys.enumerated() {
            let needle = Array(key.unicodeScalars)
            var occurrences = 0
            for index in first..<end {
                let flow = index + 1 == mark.line
                for start in candidates(needle, in: text, range: lines[index], column: mark.column, flow: flow) {
                    occurrences += 1
                    if occurrences > 1 {
                        edits.append((start, needle.count, Array("__dsbench_repeat_\(round)_\(k)_\(occurrences)".unicodeScalars)))
                    }
                }
            }
        }
        for edit in edits.sorted(by: { $0.start > $1.start }) {
            text.replaceSubrange(edit.start..<(edit.start + edit.length), with: edit.with)
            renamed = true
        }
        return renamed
    }

    /// Just past the last line of that mapping: the next line indented less than `column` (a
    /// dash there starts the next list item), blank and comment lines aside.
    private static func mappingEnd(_ lines: [Range<Int>], text: [Unicode.Scalar], line: Int, column: Int) -> Int {
        var end = line + 1
        while end < lines.count {
            let range = lines[end]
            var indent = 0
            while range.lowerBound + indent < range.upperBound, text[range.lowerBound + indent] == " " { indent += 1 }
            let rest = range.lowerBound + indent
            let blank = rest >= range.upperBound || text[rest] == "#"
            if !blank && indent + 1 < column { break }
            end += 1
        }
        return end
    }

    /// The first line of the block mapping that has a key at `column` on `line`: back over lines
    /// indented at least that far (and blank or comment lines).
    private static func mappingStart(_ lines: [Range<Int>], text: [Unicode.Scalar], line: Int, column: Int) -> Int {
        var start = line
        while start > 0 {
            let previous = lines[start - 1]
            var indent = 0
            while previous.lowerBound + indent < previous.upperBound, text[previous.lowerBound + indent] == " " { indent += 1 }
            let rest = previous.lowerBound + indent
            let blank = rest >= previous.upperBound || text[rest] == "#"
            // `- key:` puts the first key of a list item's mapping after the dash.
            let dashed = rest < previous.upperBound && text[rest] == "-" && indent + 3 == column
            guard blank || indent + 1 >= column || dashed else { break }
            start -= 1
            if dashed { break }
        }
        return start
    }

    /// Offsets in `range` where `key` stands as a mapping key (`key:`, `"key":`), at `column`
    /// (1-based) unless the mapping is a flow mapping on this line.
    private static func candidates(_ key: [Unicode.Scalar], in text: [Unicode.Scalar], range: Range<Int>,
                                   column: Int, flow: Bool) -> [Int] {
        var found: [Int] = []
        var i = range.lowerBound
        while i + key.count <= range.upperBound {
            if text[i..<(i + key.count)].elementsEqual(key) {
                var j = i + key.count
                while j < range.upperBound, text[j] == " " { j += 1 }
                let isKey = j < range.upperBound && text[j] == ":"
                let atColumn = i - range.lowerBound + 1 == column
                let boundary = i == range.lowerBound || [" ", "{", ",", "-"].contains(text[i - 1])
                if isKey && boundary && (atColumn || flow) { found.append(i) }
            }
            i += 1
        }
        return found
    }

    private static func lineRanges(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, c) in text.enumerated() where c == "\n" { ranges.append(start..<i); start = i + 1 }
        ranges.append(start..<text.count)
        return ranges
    }
}
