/// A range of bytes inside one input buffer. The parsers work on these instead of `String`
/// so that a large log is scanned once, byte by byte, with no per-line allocation.
///
/// A span is only valid inside the `withUnsafeBufferPointer` call that produced its buffer;
/// it never escapes a parse call. Invariant: `0 <= lower <= upper <= base.count`, kept by
/// every operation below (they clamp rather than trap), so reads are always in range.
struct NcclTextSpan {
    let base: UnsafeBufferPointer<UInt8>
    private(set) var lower: Int
    private(set) var upper: Int

    init(_ base: UnsafeBufferPointer<UInt8>, _ lower: Int, _ upper: Int) {
        self.base = base
        let hi = min(max(upper, 0), base.count)
        self.lower = min(max(lower, 0), hi)
        self.upper = hi
    }

    /// For indices already known to be in range (the tokenizer's inner loop).
    @inline(__always)
    private init(unchecked base: UnsafeBufferPointer<UInt8>, _ lower: Int, _ upper: Int) {
        self.base = base
        self.lower = lower
        self.upper = upper
    }

    var isEmpty: Bool { lower >= upper }
    var count: Int { upper - lower }

    /// Byte at an absolute index, nil outside the span.
    @inline(__always)
    func byte(at index: Int) -> UInt8? {
        index >= lower && index < upper ? base[index] : nil
    }

    /// The sub-span between two absolute indices, clamped to this span.
    func slice(_ from: Int, _ to: Int) -> NcclTextSpan {
        let lo = min(max(from, lower), upper)
        let hi = min(max(to, lo), upper)
        return NcclTextSpan(base, lo, hi)
    }

    func dropping(first n: Int) -> NcclTextSpan { slice(lower + max(n, 0), upper) }

    var string: String {
        String(decoding: UnsafeBufferPointer(rebasing: base[lower..<upper]), as: UTF8.self)
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }

    func trimmed() -> NcclTextSpan {
        var lo = lower, hi = upper
        while lo < hi, Self.isSpace(base[lo]) { lo += 1 }
        while hi > lo, Self.isSpace(base[hi - 1]) { hi -= 1 }
        return NcclTextSpan(base, lo, hi)
    }

    func trimmedLeading() -> NcclTextSpan {
        var lo = lower
        while lo < upper, Self.isSpace(base[lo]) { lo += 1 }
        return NcclTextSpan(base, lo, upper)
    }

    func trimmedTrailing() -> NcclTextSpan {
        var hi = upper
        while hi > lower, Self.isSpace(base[hi - 1]) { hi -= 1 }
        return NcclTextSpan(base, lower, hi)
    }

    var isBlank: Bool {
        var i = lower
        while i < upper { if !Self.isSpace(base[i]) { return false }; i += 1 }
        return true
    }

    /// True when the span starts with the ASCII text `literal`.
    func hasPrefix(_ literal: StaticString) -> Bool { matches(literal, at: lower) }

    func hasSuffix(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        return n <= count && matches(literal, at: upper - n)
    }

    /// True when `literal` occurs at absolute index `index`, entirely inside the span.
    func matches(_ literal: StaticString, at index: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard index >= lower, n <= upper - index else { return false }
        let p = literal.utf8Start
        var k = 0
        while k < n {
            if base[index + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Absolute index of the first occurrence of `literal`, searching from `from`.
    func firstIndex(of literal: StaticString, from: Int? = nil) -> Int? {
        let n = literal.utf8CodeUnitCount
        guard n > 0 else { return from ?? lower }
        let first = literal.utf8Start[0]
        var i = max(from ?? lower, lower)
        while i + n <= upper {
            if base[i] == first, matches(literal, at: i) { return i }
            i += 1
        }
        return nil
    }

    func firstIndex(of byte: UInt8, from: Int? = nil) -> Int? {
        var i = max(from ?? lower, lower)
        while i < upper {
            if base[i] == byte { return i }
            i += 1
        }
        return nil
    }

    func lastIndex(of byte: UInt8) -> Int? {
        var i = upper - 1
        while i >= lower {
            if base[i] == byte { return i }
            i -= 1
        }
        return nil
    }

    func contains(_ literal: StaticString) -> Bool { firstIndex(of: literal) != nil }

    /// Whitespace-separated fields (spaces and tabs), in order.
    func tokens() -> [NcclTextSpan] {
        var result: [NcclTextSpan] = []
        tokens(into: &result)
        return result
    }

    /// Appends the fields to `result`, so that a caller can reuse one buffer for every line.
    func tokens(into result: inout [NcclTextSpan]) {
        var i = lower
        while i < upper {
            while i < upper, Self.isSpace(base[i]) { i += 1 }
            if i >= upper { break }
            let start = i
            while i < upper, !Self.isSpace(base[i]) { i += 1 }
            result.append(NcclTextSpan(unchecked: base, start, i))
        }
    }

    /// Equality with an ASCII literal.
    func equals(_ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && matches(literal, at: lower)
    }

    /// Text after `literal` when the span starts with it.
    func after(prefix literal: StaticString) -> NcclTextSpan? {
        hasPrefix(literal) ? dropping(first: literal.utf8CodeUnitCount) : nil
    }
}
