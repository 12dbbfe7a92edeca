import DSBenchCore
import CZlib

/// zlib (RFC 1950) through the system libz: artifacts are mostly text and shrink 5–20×.
enum Zlib {
    enum Failure: Error, Equatable {
        /// zlib return code (`Z_DATA_ERROR`, `Z_BUF_ERROR` …).
        case zlib(code: Int32)
        /// The stream inflated to a different length than recorded.
        case sizeMismatch(expected: Int, actual: Int)
        case tooLarge(Int)
    }

    static func compress(_ input: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        guard let sourceLength = uLong(exactly: input.count) else { throw .tooLarge(input.count) }
        var capacity = compressBound(sourceLength)
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let code = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                // zlib wants a non-null source pointer even for zero bytes.
                withUnsafePointer(to: UInt8(0)) { empty in
                    compress2(out.baseAddress, &capacity, source.baseAddress ?? empty, sourceLength, level)
                }
            }
        }
        guard code == Z_OK else { throw .zlib(code: code) }
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// Inflates a zlib stream whose uncompressed length is known (stored beside it).
    static func decompress(_ input: [UInt8], expectedSize: Int) throws(Failure) -> [UInt8] {
        guard expectedSize >= 0, let sourceLength = uLong(exactly: input.count),
              var produced = uLong(exactly: expectedSize) else { throw .tooLarge(expectedSize) }
        // One spare byte: a stream longer than recorded then fails with Z_BUF_ERROR instead of
        // passing as a silently truncated copy.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        produced += 1
        let code = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                withUnsafePointer(to: UInt8(0)) { empty in
                    uncompress(out.baseAddress, &produced, source.baseAddress ?? empty, sourceLength)
                }
            }
        }
        guard code == Z_OK else { throw .zlib(code: code) }
        guard produced == uLong(expectedSize) else {
            throw .sizeMismatch(expected: expectedSize, actual: Int(produced))
        }
        output.removeLast()
        return output
    }

    static func describe(_ failure: Failure) -> String {
        switch failure {
        case .zlib(let code):
            let name: String
            switch code {
            case Z_DATA_ERROR: name = "corrupt or truncated zlib data (Z_DATA_ERROR)"
            case Z_BUF_ERROR: name = "truncated data, or data longer than its recorded size (Z_BUF_ERROR)"
            case Z_MEM_ERROR: name = "out of memory (Z_MEM_ERROR)"
            default: name = "zlib error \(code)"
            }
            return name
        case .sizeMismatch(let expected, let actual):
            return "inflated to \(actual) bytes, recorded size is \(expected)"
        case .tooLarge(let n):
            return "size \(n) out of range for zlib"
        }
    }
}

/// A zlib stream fed in pieces, for an artifact read once from a buffer it is not copied out
/// of (a mapped capture). Same format and level as `Zlib.compress`: `decompress` reads it.
/// A class: zlib keeps the stream's address and refuses a stream that has moved.
final class ZlibStream {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private static let windowBytes = 256 << 10
    private let window = UnsafeMutablePointer<UInt8>.allocate(capacity: ZlibStream.windowBytes)
    private var output: [UInt8] = []
    private var open = false

    /// - Parameter expectedInput: the bytes to come, if known. A quarter of it is reserved for
    ///   the output (nccl-tests text shrinks 7 to 8 times): grown by doubling, the output held
    ///   its old and new buffers at once, 108 MB at the end of a 400 MiB capture. Reserved pages
    ///   that are never written are never resident.
    init(level: Int32 = 6, expectedInput: Int = 0) throws(Zlib.Failure) {
        stream.initialize(to: z_stream())
        let code = deflateInit_(stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { stream.deallocate(); window.deallocate(); throw .zlib(code: code) }
        open = true
        output.reserveCapacity(expectedInput / 4 + (1 << 16))
    }

    deinit {
        if open { deflateEnd(stream) }
        stream.deallocate()
        window.deallocate()
    }

    /// Compresses `piece`; with `last`, ends the stream.
    func append(_ piece: UnsafeBufferPointer<UInt8>, last: Bool) throws(Zlib.Failure) {
        var input = piece
        repeat {
            // uInt counts at most 4 GiB at a time.
            let take = min(input.count, 1 << 30)
            let flush = last && take == input.count ? Z_FINISH : Z_NO_FLUSH
            let code = deflatePiece(UnsafeBufferPointer(rebasing: input.prefix(take)), flush: flush)
            guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else { throw .zlib(code: code) }
            input = UnsafeBufferPointer(rebasing: input.dropFirst(take))
        } while !input.isEmpty
    }

    private func deflatePiece(_ piece: UnsafeBufferPointer<UInt8>, flush: Int32) -> Int32 {
        withUnsafePointer(to: UInt8(0)) { empty in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: piece.baseAddress ?? empty)
            stream.pointee.avail_in = uInt(piece.count)
            var code = Z_OK
            repeat {
                // Through a fixed window: only what zlib wrote is appended.
                stream.pointee.next_out = window
                stream.pointee.avail_out = uInt(Self.windowBytes)
                code = deflate(stream, flush)
                output.append(contentsOf: UnsafeBufferPointer(start: window, count: Self.windowBytes - Int(stream.pointee.avail_out)))
            } while code == Z_OK && (stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0 || flush == Z_FINISH)
            return code
        }
    }

    /// The whole stream; call after the `last` piece.
    func finish() -> [UInt8] {
        if open { deflateEnd(stream); open = false }
        return output
    }
}
