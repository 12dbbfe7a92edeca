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
    /// `set(key, text)` with the value's number read here when its first word is plain digits
    /// (most readings: `0`, `36`, `1980`); any other text goes through `GPUHealthValue`'s own
    /// reading. Its `split(separator: " ")` on `Character`s was a tenth of the nvlink-errors parse.
    mutating func setReading(_ key: String, _ text: String) {
        var value: GPUHealthValue
        if let number = Self.plainLeadingInteger(text) {
            value = GPUHealthValue(key: key, text: text, number: number)
        } else {
            value = GPUHealthValue(key: key, text: text)
        }
        if let at = values.firstIndex(where: { $0.key == key }) { values[at] = value } else { values.append(value) }
    }

    /// The first space-separated word of an ASCII `text` when it is 1 to 15 decimal digits:
    /// exactly what `Double(word)` gives then. Nil for anything else (not "no number").
    static func plainLeadingInteger(_ text: String) -> Double? {
        var utf8 = text.utf8.makeIterator()
        var value: Int64 = 0, digits = 0
        var byte = utf8.next()
        while byte == 0x20 { byte = utf8.next() }
        while let b = byte, b != 0x20 {
            guard b >= 0x30 && b <= 0x39, digits < 15 else { return nil }
            value = value * 10 + Int64(b - 0x30)
            digits += 1
            byte = utf8.next()
        }
        guard digits > 0 else { return nil }
        while let b = byte {
            guard b < 0x80 else { return nil }
            byte = utf8.next()
        }
        return Double(value)
    }
}
