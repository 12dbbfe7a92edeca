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
        var value = GPUHealthValue(key: key, text: text, number: 0)
        value.number = number
        return value
    }

    /// `GPUHealthValue.leadingNumber` step for step on an ASCII `text` (where a byte is a
    /// `Character`): its first space-separated word (the text itself when it has none), hex after
    /// `0x`, else a finite `Double`. The outer nil: not ASCII, not read here.
    static func leadingNumber(ascii text: String) -> Double?? {
        let utf8 = text.utf8
        guard !utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        var start = utf8.startIndex
        while start != utf8.endIndex, utf8[start] == 0x20 { start = utf8.index(after: start) }
        let token = start == utf8.endIndex
            ? text[...] : Substring(utf8[start..<(utf8[start...].firstIndex(of: 0x20) ?? utf8.endIndex)])
        // Most readings are small integers (`0`, `36`): exactly what `Double(token)` gives them,
        // without its `strtod`.
        if (1...15).contains(token.utf8.count), token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return .some(Double(token.utf8.reduce(0) { $0 * 10 + Int64($1 - 0x30) }))
        }
        // `hasPrefix("0x")`, on bytes: the generic `starts(with:)` was a twentieth of the smi-health parse.
        if token.utf8.first == 0x30, let second = token.utf8.dropFirst().first, second == 0x78 || second == 0x58 {
            return .some(UInt64(Substring(token.utf8.dropFirst(2)), radix: 16).map { Double($0) })
        }
        guard let number = Double(token), number.isFinite else { return .some(nil) }
        return .some(number)
    }
}
