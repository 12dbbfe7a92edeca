#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DSBenchCore

/// The lines of a capture as byte ranges, split like `SmiLines.split` (on LF, a CR before the LF
/// dropped, no line after a final LF; but no line at all for an empty capture, where `SmiLines`
/// gives one empty line) and without decoding the capture:
/// decoding it whole and splitting it into `Substring` lines was a third of the kernel-log and
/// nvlink-errors parse time (26 and 9.5 MB/s before).
struct ByteLine {
    /// 1-based, as `SmiLine.number`.
    let number: Int
    /// The text, without its line break and a CR before it.
    let range: Range<Int>
    let terminated: Bool
}

struct ByteLines: Sequence, IteratorProtocol {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var start = 0
    private var number = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func next() -> ByteLine? {
        guard start < buffer.count else { return nil }
        let end = ByteSearch.lineEnd(in: buffer, from: start)
        var stop = end
        if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
        number += 1
        defer { start = end + 1 }
        return ByteLine(number: number, range: start..<stop, terminated: end < buffer.count)
    }
}

/// Small byte tests the line scanners share.
enum LineBytes {
    /// True when every byte is ASCII: then each byte is one `Character` (a CR-LF pair cannot occur
    /// inside a line), so byte and `Substring` logic agree. Other lines take the `Substring` path.
    static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where buffer[i] >= 0x80 { return false }
        return true
    }

    static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where buffer[i] != 0x20 && buffer[i] != 0x09 { return false }
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

    static func string(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }
}

extension GPUHealthSnapshot {
    /// `set(key, text)`, the value's number read here when the text is ASCII: `GPUHealthValue`'s
    /// own reading splits the text on `Character`s and copies its first word, and was a tenth of
    /// the nvlink-errors and a fifth of the smi-health parse.
    mutating func setReading(_ key: String, _ text: String) {
        let value = Self.reading(key, text)
        if let at = values.firstIndex(where: { $0.key == key }) { values[at] = value } else { values.append(value) }
    }

    /// `GPUHealthValue(key:text:)`, its number read by `leadingNumber(ascii:)` where it can be.
    static func reading(_ key: String, _ text: String) -> GPUHealthValue {
        guard let number = leadingNumber(ascii: text) else { return GPUHealthValue(key: key, text: text) }
        return reading(key, text, number)
    }

    /// `reading(key, text)` of the ASCII text `buffer[range]`, read without a `String` first.
    static func reading(_ key: String, ascii buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> GPUHealthValue {
        reading(key, LineBytes.string(buffer, range), leadingNumber(ascii: buffer, range))
    }

    private static func reading(_ key: String, _ text: String, _ number: Double?) -> GPUHealthValue {
        // Not `number:` itself: nil there means "read it from the text".
        var value = GPUHealthValue(key: key, text: text, number: 0)
        value.number = number
        return value
    }

    /// `GPUHealthValue.leadingNumber` step for step on an ASCII `text` (where a byte is a
    /// `Character`). The outer nil: not ASCII, not read here.
    static func leadingNumber(ascii text: String) -> Double?? {
        guard !text.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        var text = text
        return .some(text.withUTF8 { leadingNumber(ascii: $0, 0..<$0.count) })
    }

    /// The number of the ASCII text `buffer[range]`: its first space-separated word (the text
    /// itself when it has none), hex after `0x`, else a finite `Double`.
    static func leadingNumber(ascii buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var start = range.lowerBound
        while start < range.upperBound, buffer[start] == 0x20 { start += 1 }
        let token = start == range.upperBound
            ? range : start..<(ByteSearch.first(0x20, in: buffer, from: start, to: range.upperBound) ?? range.upperBound)
        // Most readings are small integers (`0`, `36`): exactly what `Double(token)` gives them,
        // without its `strtod`.
        if (1...15).contains(token.count) {
            var integer: Int64 = 0, allDigits = true
            for i in token {
                let digit = buffer[i] &- 0x30
                if digit > 9 { allDigits = false; break }
                integer = integer * 10 + Int64(digit)
            }
            if allDigits { return Double(integer) }
        }
        // `hasPrefix("0x")`, on bytes: the generic `starts(with:)` was a twentieth of the smi-health parse.
        if token.count >= 2, buffer[token.lowerBound] == 0x30, buffer[token.lowerBound + 1] | 0x20 == 0x78 {
            let digits = (token.lowerBound + 2)..<token.upperBound
            // Up to 16 hex digits fit a UInt64: read here (the `0x0000000000000000` masks of every
            // smi-health row), else by `UInt64(_:radix:)`, which also takes a sign.
            if (1...16).contains(digits.count), let value = hex(buffer, digits) { return Double(value) }
            return UInt64(LineBytes.string(buffer, digits), radix: 16).map { Double($0) }
        }
        // The exact decimal reading where it applies, else `Double(String)` as before (`-0x1p3`, `inf`).
        let number = NcclTextNumbers.double(NcclTextSpan(buffer, token.lowerBound, token.upperBound))
            ?? Double(LineBytes.string(buffer, token))
        guard let number, number.isFinite else { return nil }
        return number
    }

    private static func hex(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        var value: UInt64 = 0
        for i in range {
            let byte = buffer[i], letter = byte | 0x20
            let digit: UInt8
            if byte >= 0x30 && byte <= 0x39 {
                digit = byte - 0x30
            } else if letter >= 0x61 && letter <= 0x66 {
                digit = letter - 0x61 + 10
            } else {
                return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
