#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A map from short byte strings (a line's key text) to what was derived from them, looked up
/// without allocating: the derivation (a slug, a path, an interpolated key) allocates several
/// `String`s, and a capture repeats the same few dozen keys on every GPU.
struct ByteKeyCache<Value> {
    private var buckets: [Int: [(bytes: [UInt8], value: Value)]] = [:]

    func value(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        guard let bucket = buckets[Self.hash(buffer, range)] else { return nil }
        // `memcmp`: the generic `elementsEqual` was two fifths of the lookup.
        for entry in bucket where entry.bytes.count == range.count {
            let same = entry.bytes.withUnsafeBufferPointer { stored in
                stored.isEmpty || memcmp(stored.baseAddress!, buffer.baseAddress! + range.lowerBound, range.count) == 0
            }
            if same { return entry.value }
        }
        return nil
    }

    mutating func insert(_ value: Value, for buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        buckets[Self.hash(buffer, range), default: []].append((Array(buffer[range]), value))
    }

    private static func hash(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[range]))
        return hasher.finalize()
    }
}
