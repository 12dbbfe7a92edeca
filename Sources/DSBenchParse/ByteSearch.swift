#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches through the C library's `memchr`, which compares many bytes per instruction: the
/// byte-by-byte loops it replaced (line ends, the `N` of `NCCL`) were a fifth of the nccl-tests
/// parse time and a tenth of the dmon one.
enum ByteSearch {
    /// Index of the first `byte` in `buffer[start..<end]` (clamped to the buffer), or nil.
    @inline(__always)
    static func first(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let lower = max(start, 0), upper = min(end, buffer.count)
        guard lower < upper, let base = buffer.baseAddress,
              let found = memchr(base + lower, Int32(byte), upper - lower) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Index of the first `\n` at or after `start`, or `buffer.count` when there is none.
    @inline(__always)
    static func lineEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        first(0x0A, in: buffer, from: start, to: buffer.count) ?? buffer.count
    }
}
