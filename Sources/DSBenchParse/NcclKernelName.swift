/// Recognises NCCL kernels by name (docs/formats.md §5.3):
/// `^(?:void )?(ncclKernel|ncclDevKernel|ncclSymDevKernel|ncclSymkDevKernel)_([A-Za-z]+)`.
/// The `_ALGO_PROTO` suffix is not what ran, so only the collective is taken.
enum NcclKernelName {
    private static let prefixes: [[UInt8]] = ["ncclKernel_", "ncclDevKernel_", "ncclSymDevKernel_", "ncclSymkDevKernel_"]
        .map { Array($0.utf8) }
    private static let void = Array("void ".utf8)

    /// The collective (`AllReduce`, `SendRecv`, …) when the name is an NCCL kernel, else nil.
    static func collective(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        guard range.upperBound <= bytes.count else { return nil }
        var start = range.lowerBound
        if hasPrefix(bytes, start, range.upperBound, void) { start += void.count }
        for prefix in prefixes where hasPrefix(bytes, start, range.upperBound, prefix) {
            let first = start + prefix.count
            var end = first
            while end < range.upperBound, isLetter(bytes[end]) { end += 1 }
            guard end > first else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<end]), as: UTF8.self)
        }
        return nil
    }

    static func collective(_ name: String) -> String? {
        let utf8 = Array(name.utf8)
        return utf8.withUnsafeBufferPointer { collective($0, 0..<$0.count) }
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ prefix: [UInt8]) -> Bool {
        guard end - start >= prefix.count else { return false }
        for (offset, byte) in prefix.enumerated() where bytes[start + offset] != byte { return false }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
