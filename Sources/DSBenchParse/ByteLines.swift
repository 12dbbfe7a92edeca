import DSBenchCore

/// The lines of a capture as byte ranges, split like `SmiLines.split` (on LF, a CR before the LF
/// dropped, no line after a final LF; but no line at all for an empty capture, where `SmiLines`
/// gives one empty line) and without decoding the capture:
/// decoding it whole and splitting it into `Substring` lines was a third of the kernel-log and
/// nvlink-errors parse time (26 and 9.5 MB/s before). What is in a line is read with `ByteText`.
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
        reading(key, ByteText.string(buffer, range), leadingNumber(ascii: buffer, range))
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
        if let integer = ByteText.shortDecimal(buffer, token) { return Double(integer) }
        // `hasPrefix("0x")`, on bytes: the generic `starts(with:)` was a twentieth of the smi-health parse.
        if token.count >= 2, buffer[token.lowerBound] == 0x30, buffer[token.lowerBound + 1] | 0x20 == 0x78 {
            let digits = (token.lowerBound + 2)..<token.upperBound
            // Up to 16 hex digits fit a UInt64: read here (the `0x0000000000000000` masks of every
            // smi-health row), else by `UInt64(_:radix:)`, which also takes a sign.
            if (1...16).contains(digits.count), let value = hex(buffer, digits) { return Double(value) }
            return UInt64(ByteText.string(buffer, digits), radix: 16).map { Double($0) }
        }
        // The exact decimal reading where it applies, else `Double(String)` as before (`-0x1p3`, `inf`).
        guard let number = ByteText.double(buffer, token), number.isFinite else { return nil }
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
