/// Makes the JSON that nccl-tests writes by hand (`-J`, §1.10) decodable:
///
/// - `%lf` prints ±inf bare (`"time":inf`), which is not JSON: such words outside strings
///   become `null` (so do bare `nan` words, though nccl-tests quotes those);
/// - a run killed mid-write leaves the file open: it is cut back to the last point where
///   every value so far was complete and the open objects and arrays are closed.
///
/// The scan also notes the line where each result object and each top-level key starts,
/// since a decoded dictionary no longer knows.
struct NcclTestsJSONRepair {
    var bytes: [UInt8] = []
    /// The input ended inside an object, array or string.
    var truncated = false
    /// Number of bare non-finite words replaced by `null`.
    var nonFiniteWords = 0
    /// 1-based line of each `{` directly inside a top-level array (the `results` entries).
    var resultLines: [Int] = []
    /// 1-based line of each top-level key.
    var keyLines: [String: Int] = [:]
    var lineCount = 1

    init(_ input: [UInt8]) {
        bytes.reserveCapacity(input.count + 16)
        var stack: [UInt8] = []
        var inString = false, escaped = false
        var keyStart: Int?
        var keyLine = 1
        // The last point where every value so far was complete: its length and, since nothing is
        // opened after it, the brackets closed since then (the stack then is `stack` + those).
        // Copying the whole stack at each cut instead was quadratic in the nesting depth.
        var cut: Int?
        var closedSinceCut: [UInt8] = []
        var i = 0
        var poll = CancellationPoll(every: 1 << 16)
        while i < input.count, !poll.shouldStop() {
            let b = input[i]
            if b == 0x0A { lineCount += 1 }
            if inString {
                bytes.append(b)
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 {
                    inString = false
                    if let start = keyStart {
                        keyLines[String(decoding: bytes[(start + 1)..<(bytes.count - 1)], as: UTF8.self)] = keyLine
                        keyStart = nil
                    }
                }
                i += 1
                continue
            }
            switch b {
            case 0x22:
                inString = true
                if stack.count == 1 { keyStart = bytes.count; keyLine = lineCount }
                bytes.append(b)
            case 0x7B, 0x5B:
                if b == 0x7B, stack.count == 2, stack[1] == 0x5B { resultLines.append(lineCount) }
                stack.append(b)
                bytes.append(b)
                cut = bytes.count
                closedSinceCut.removeAll(keepingCapacity: true)
            case 0x7D, 0x5D:
                if let open = stack.last, open == (b == 0x7D ? 0x7B : 0x5B) { closedSinceCut.append(stack.removeLast()) }
                bytes.append(b)
            case 0x2C:
                cut = bytes.count
                closedSinceCut.removeAll(keepingCapacity: true)
                bytes.append(b)
            case _ where NcclTextNumbers.isLetter(b) || b == 0x2D || b == 0x2B:
                var end = i
                while end < input.count, Self.isWordByte(input[end]) { end += 1 }
                let word = input[i..<end]
                if Self.isNonFinite(word) {
                    bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])   // null
                    nonFiniteWords += 1
                } else {
                    bytes.append(contentsOf: word)
                }
                i = end
                continue
            default:
                bytes.append(b)
            }
            i += 1
        }
        truncated = inString || !stack.isEmpty
        if truncated, let cut {
            bytes.removeSubrange(cut...)
            for open in (stack + closedSinceCut.reversed()).reversed() { bytes.append(open == 0x7B ? 0x7D : 0x5D) }
        }
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        NcclTextNumbers.isLetter(b) || NcclTextNumbers.isDigit(b) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x5F
    }

    /// inf, infinity, nan with an optional sign, any case.
    private static func isNonFinite(_ word: ArraySlice<UInt8>) -> Bool {
        var w = word
        if let f = w.first, f == 0x2D || f == 0x2B { w = w.dropFirst() }
        let lower = String(decoding: w.map { $0 | 0x20 }, as: UTF8.self)
        return lower == "inf" || lower == "infinity" || lower == "nan"
    }
}
