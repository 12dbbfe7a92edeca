/// Launcher tags that `mpirun --tag-output` (`[1,0]<stdout>:`), `srun -l` (`0: `) and similar
/// tools put before every line of a rank's output. Parsers strip them before classifying a
/// line, so that a tagged capture parses like an untagged one.
public enum LinePrefix {
    /// Number of bytes of launcher prefix at the start of `line` (0 when there is none).
    ///
    /// Recognised: `[R]` or `[J,R]`, optionally followed by `<stdout>`/`<stderr>`, an optional
    /// `:` and one optional space or tab; or optional spaces, decimal digits, `:` and one space.
    public static func length<Bytes: Collection>(of line: Bytes) -> Int where Bytes.Element == UInt8 {
        if let n = line.withContiguousStorageIfAvailable({ length(in: $0, from: 0, to: $0.count) }) {
            return n
        }
        let copy = Array(line)
        return copy.withUnsafeBufferPointer { length(in: $0, from: 0, to: $0.count) }
    }

    /// `line` without its launcher prefix.
    public static func stripped(_ line: Substring) -> Substring {
        let n = length(of: Array(line.utf8))
        guard n > 0 else { return line }
        let utf8 = line.utf8
        guard let cut = utf8.index(utf8.startIndex, offsetBy: n, limitedBy: utf8.endIndex) else { return line }
        return Substring(utf8[cut...])
    }

    /// The byte-level worker; indices are absolute in `base`, the result is a length.
    static func length(in base: UnsafeBufferPointer<UInt8>, from lower: Int, to upper: Int) -> Int {
        guard lower >= 0, upper <= base.count, lower < upper else { return 0 }
        if base[lower] == 0x5B { return bracketTagLength(base, lower, upper) }
        return labelLength(base, lower, upper)
    }

    /// `[1,0]<stdout>:` / `[0] ` / `[3]:`.
    private static func bracketTagLength(_ base: UnsafeBufferPointer<UInt8>, _ lower: Int, _ upper: Int) -> Int {
        var i = lower + 1
        func digits() -> Bool {
            let start = i
            while i < upper, NcclTextNumbers.isDigit(base[i]), i - start < 10 { i += 1 }
            return i > start
        }
        guard digits() else { return 0 }
        if i < upper, base[i] == 0x2C {
            i += 1
            guard digits() else { return 0 }
        }
        guard i < upper, base[i] == 0x5D else { return 0 }
        i += 1
        var tagged = false
        let span = NcclTextSpan(base, i, upper)
        if span.hasPrefix("<stdout>") || span.hasPrefix("<stderr>") {
            i += 8
            tagged = true
        }
        var colon = false
        if i < upper, base[i] == 0x3A { i += 1; colon = true }
        if i < upper, base[i] == 0x20 || base[i] == 0x09 {
            i += 1
        } else if !tagged && !colon && i < upper {
            // `[12]abc` is not a tag: without `<stdout>` or `:` a separator must follow.
            return 0
        }
        return i - lower
    }

    /// `0: ` / `  12: ` (srun --label pads the task number).
    private static func labelLength(_ base: UnsafeBufferPointer<UInt8>, _ lower: Int, _ upper: Int) -> Int {
        var i = lower
        while i < upper, base[i] == 0x20, i - lower < 8 { i += 1 }
        let digitsStart = i
        while i < upper, NcclTextNumbers.isDigit(base[i]), i - digitsStart < 7 { i += 1 }
        guard i > digitsStart, upper - i >= 2, base[i] == 0x3A, base[i + 1] == 0x20 else { return 0 }
        return i + 2 - lower
    }
}
