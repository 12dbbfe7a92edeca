import CZlib
import DSBenchCore

/// One zlib stream made of pieces deflated two at a time, for an artifact read once from a
/// buffer it is not copied out of (a mapped capture). Each piece is a raw deflate primed with the
/// 32 KiB before it and ended on a byte boundary (`Z_SYNC_FLUSH`), the last one ended for good;
/// the zlib header, the pieces and the Adler-32 of the whole input (combined from the pieces')
/// make the stream, as pigz makes its own. Same format and level (6, zlib's default, which the
/// header names) as `Zlib.compress`: `decompress` reads it; its bytes differ from one deflate
/// run's only at the piece boundaries.
///
/// Why: deflate was the critical path of ingesting a large capture (30 % of 64 MiB, perf), the
/// raw bytes being stored before the parse, on one core while the hash used a fraction of the
/// other.
struct PieceDeflate {
    /// The zlib header of a deflate stream with a 32 KiB window at the default level.
    private static let header: [UInt8] = [0x78, 0x9C]
    private static let dictionaryBytes = 32 << 10

    private let deflaters: (PieceDeflater, PieceDeflater)
    private(set) var output: [UInt8] = []
    private var adler: UInt = adler32(0, nil, 0)

    /// - Parameter expectedInput: the bytes to come, if known. A quarter of it is reserved for
    ///   the output (nccl-tests text shrinks 7 to 8 times): grown by doubling, the output held
    ///   its old and new buffers at once, 108 MB at the end of a 400 MiB capture. Reserved pages
    ///   that are never written are never resident.
    init(expectedInput: Int = 0) throws(Zlib.Failure) {
        deflaters = (try PieceDeflater(level: Z_DEFAULT_COMPRESSION), try PieceDeflater(level: Z_DEFAULT_COMPRESSION))
        output.reserveCapacity(expectedInput / 4 + (1 << 16))
        output += Self.header
    }

    /// Deflates `first` and `second` (which follows it in `input`, possibly empty) on two
    /// threads, `alsoOnFirst` running after the first piece on its thread; `last` ends the stream
    /// with the later of the two.
    mutating func append(first: Range<Int>, second: Range<Int>, of input: UnsafeBufferPointer<UInt8>, last: Bool,
                         alsoOnFirst: () -> Void) throws(Zlib.Failure) {
        precondition(first.upperBound == second.lowerBound)
        func dictionary(before piece: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: input[max(0, piece.lowerBound - Self.dictionaryBytes)..<piece.lowerBound])
        }
        let (a, b) = deflaters
        // Two variables, not a tuple: each thread writes its own.
        var firstResult: Result<([UInt8], UInt), Zlib.Failure>?, secondResult: Result<([UInt8], UInt), Zlib.Failure>?
        let piece = { (d: PieceDeflater, range: Range<Int>, end: Bool) -> Result<([UInt8], UInt), Zlib.Failure> in
            let bytes = UnsafeBufferPointer(rebasing: input[range])
            do throws(Zlib.Failure) {
                let out = try d.deflate(bytes, dictionary: dictionary(before: range), last: end)
                return .success((out, adler32_z(adler32(0, nil, 0), bytes.baseAddress, bytes.count)))
            } catch {
                return .failure(error)
            }
        }
        if second.isEmpty {
            firstResult = piece(a, first, last)
            alsoOnFirst()
        } else {
            ParallelMap.both({
                firstResult = piece(a, first, false)
                alsoOnFirst()
            }, { secondResult = piece(b, second, last) })
        }
        for (result, range) in [(firstResult, first), (secondResult, second)] {
            guard let result else { continue }
            let (bytes, pieceAdler) = try result.get()
            output += bytes
            adler = adler32_combine(adler, pieceAdler, off_t(range.count))
        }
    }

    /// The whole stream: the pieces and the Adler-32 trailer; call after the `last` piece.
    mutating func finish() -> [UInt8] {
        for shift in [24, 16, 8, 0] { output.append(UInt8(truncatingIfNeeded: adler >> UInt(shift))) }
        return output
    }
}

/// A raw deflate stream reset for each piece. A class: zlib keeps the stream's address and
/// refuses a stream that has moved.
final class PieceDeflater: @unchecked Sendable {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private static let windowBytes = 256 << 10
    private let window = UnsafeMutablePointer<UInt8>.allocate(capacity: PieceDeflater.windowBytes)

    init(level: Int32) throws(Zlib.Failure) {
        stream.initialize(to: z_stream())
        // -15: raw deflate (no header or trailer of its own), the 32 KiB window.
        let code = deflateInit2_(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                 Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { stream.deallocate(); window.deallocate(); throw .zlib(code: code) }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        window.deallocate()
    }

    /// `piece` deflated after `dictionary` (the input just before it): ended on a byte boundary,
    /// or, with `last`, ending the stream.
    func deflate(_ piece: UnsafeBufferPointer<UInt8>, dictionary: UnsafeBufferPointer<UInt8>, last: Bool) throws(Zlib.Failure) -> [UInt8] {
        guard deflateReset(stream) == Z_OK else { throw .zlib(code: Z_STREAM_ERROR) }
        if let base = dictionary.baseAddress, !dictionary.isEmpty {
            let code = deflateSetDictionary(stream, base, uInt(dictionary.count))
            guard code == Z_OK else { throw .zlib(code: code) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(piece.count / 4 + 64)
        var input = piece
        repeat {
            // uInt counts at most 4 GiB at a time.
            let take = min(input.count, 1 << 30)
            let final = take == input.count
            let flush = final ? (last ? Z_FINISH : Z_SYNC_FLUSH) : Z_NO_FLUSH
            let code = run(UnsafeBufferPointer(rebasing: input.prefix(take)), flush: flush, into: &out)
            guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else { throw .zlib(code: code) }
            input = UnsafeBufferPointer(rebasing: input.dropFirst(take))
        } while !input.isEmpty
        return out
    }

    private func run(_ piece: UnsafeBufferPointer<UInt8>, flush: Int32, into out: inout [UInt8]) -> Int32 {
        withUnsafePointer(to: UInt8(0)) { empty in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: piece.baseAddress ?? empty)
            stream.pointee.avail_in = uInt(piece.count)
            var code = Z_OK
            repeat {
                // Through a fixed window: only what zlib wrote is appended.
                stream.pointee.next_out = window
                stream.pointee.avail_out = uInt(Self.windowBytes)
                code = CZlib.deflate(stream, flush)
                out.append(contentsOf: UnsafeBufferPointer(start: window, count: Self.windowBytes - Int(stream.pointee.avail_out)))
            } while code == Z_OK && (stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0)
            return code
        }
    }
}
