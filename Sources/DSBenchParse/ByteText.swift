#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte-scanning toolkit every parser's hot path shares: tests, field splitting, trimming and
/// number reading on `buffer[range]`, without a `String` per field (decoding captures whole and
/// splitting them into `Substring`s was a third of the kernel-log and nvlink-errors parse time).
/// Lines come from `ByteLines`.
enum ByteText {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, comma: UInt8 = 0x2C, hash: UInt8 = 0x23
    static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, dash: UInt8 = 0x2D, plus: UInt8 = 0x2B
    static let zero: UInt8 = 0x30, nine: UInt8 = 0x39

    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// True when every byte is ASCII: then each byte is one `Character` (a CR-LF pair cannot occur
    /// inside a line), so byte and `Substring` logic agree. Other lines take the `Substring` path.
    static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where buffer[i] >= 0x80 { return false }
        return true
    }

    static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where !isBlank(buffer[i]) { return false }
        return true
    }

    /// Index of the first `needle` (ASCII) in `buffer[range]`, found with `memchr` on its first byte.
    static func find(_ needle: StaticString, in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let head = pattern.first else { return nil }
        var from = range.lowerBound
        let lastStart = range.upperBound - pattern.count
        while from <= lastStart, let hit = ByteSearch.first(head, in: buffer, from: from, to: lastStart + 1) {
            var matched = true
            for k in 1..<pattern.count where buffer[hit + k] != pattern[k] { matched = false; break }
            if matched { return hit }
            from = hit + 1
        }
        return nil
    }

    static func hasPrefix(_ prefix: StaticString, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let pattern = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard range.count >= pattern.count else { return false }
        for k in 0..<pattern.count where buffer[range.lowerBound + k] != pattern[k] { return false }
        return true
    }

    /// Whether `buffer[range]` spells `literal` (ASCII), all of it.
    static func equals(_ literal: StaticString, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count == literal.utf8CodeUnitCount && hasPrefix(literal, buffer, range)
    }

    /// Whether two ranges of one buffer hold the same bytes.
    static func equal(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound {
            if buffer[i] != buffer[j] { return false }
            i += 1; j += 1
        }
        return true
    }

    /// Byte equality of two texts, by `memcmp` where they are contiguous (the generic
    /// `elementsEqual` on UTF-8 views was a tenth of the smi-health parse).
    static func same(_ a: Substring, _ b: Substring) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let compared = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
        return (compared ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    static func contains(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ byte: UInt8) -> Bool {
        for i in range where buffer[i] == byte { return true }
        return false
    }

    static func string(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    static func trim(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && isBlank(buffer[lower]) { lower += 1 }
        while upper > lower && isBlank(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Splits `buffer[range]` into tokens between runs of blanks (spaces and tabs).
    static func splitWhitespace(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                into tokens: inout [Range<Int>]) {
        tokens.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end && isBlank(buffer[i]) { i += 1 }
            if i >= end { break }
            let start = i
            while i < end && !isBlank(buffer[i]) { i += 1 }
            tokens.append(start..<i)
        }
    }

    /// Splits `buffer[range]` on commas and trims blanks around each field (`--format csv`).
    static func splitCSV(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                         into tokens: inout [Range<Int>]) {
        tokens.removeAll(keepingCapacity: true)
        var fieldStart = range.lowerBound
        var i = range.lowerBound
        while true {
            if i == range.upperBound || buffer[i] == comma {
                tokens.append(trim(buffer, fieldStart..<i))
                if i == range.upperBound { break }
                fieldStart = i + 1
            }
            i += 1
        }
    }

    static func isDash(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count == 1 && buffer[range.lowerBound] == dash
    }

    /// 1 to 15 decimal digits (no sign), else nil: below 2⁵³, so also exactly a `Double`, and
    /// what most values are (`0`, `36`, every dmon column) — read without `strtod`.
    @inline(__always)
    static func shortDecimal(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
        shortDecimal(buffer, from: range.lowerBound, to: range.upperBound)
    }

    /// `shortDecimal` of `buffer[start..<end]`, without making the range (dmon reads 8 M values).
    @inline(__always)
    static func shortDecimal(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int64? {
        let count = end - start
        guard count > 0 && count <= 15 else { return nil }
        var value: Int64 = 0
        var i = start
        while i < end {
            let byte = buffer[i]
            if byte < zero || byte > nine { return nil }
            value = value * 10 + Int64(byte - zero)
            i += 1
        }
        return value
    }

    /// A non-negative decimal integer of at most 9 digits (a GPU index), else nil.
    static func smallInteger(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.count <= 9, let value = shortDecimal(buffer, range) else { return nil }
        return Int(value)
    }

    /// A finite number. Plain integers (all dmon values) take a fast path; anything else goes
    /// through `Double(String)`, which rounds decimals correctly. `nan`/`inf` are not numbers here.
    static func number(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        guard !range.isEmpty else { return nil }
        var i = range.lowerBound
        var negative = false
        if buffer[i] == dash || buffer[i] == plus {
            negative = buffer[i] == dash
            i += 1
        }
        if let value = shortDecimal(buffer, from: i, to: range.upperBound) { return Double(negative ? -value : value) }
        guard range.count <= 64, let parsed = Double(string(buffer, range)), parsed.isFinite else { return nil }
        return parsed
    }

    /// `Double(text)` of `buffer[range]`: the exact decimal reading where it applies
    /// (`NcclTextNumbers.double`), else `Double(String)` (`inf`, hex floats). Not finite-checked.
    static func double(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        NcclTextNumbers.double(NcclTextSpan(buffer, range.lowerBound, range.upperBound)) ?? Double(string(buffer, range))
    }
}
