import CZlib

/// gzip (and zlib) decompression for `.json.gz` profiler traces.
enum Gunzip {
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Why inflating stopped before the end of the stream.
    enum Problem: Sendable, Equatable {
        /// The output would pass the limit; inflating stopped there.
        case overLimit(Int)
        case truncated(afterBytes: Int)
        case corrupt(afterBytes: Int, reason: String)
        /// The task was cancelled or the parse deadline passed.
        case stopped
        case cannotStart

        var message: String {
            switch self {
            case .overLimit(let limit): return "gzip data inflates to more than \(limit) bytes (the artifact size limit)"
            case .truncated(let bytes): return "gzip stream ends early (truncated file?) after \(bytes) bytes"
            case .corrupt(let bytes, let reason): return "gzip data is corrupt after \(bytes) inflated bytes: \(reason)"
            case .stopped: return "inflating stopped: the parse was cancelled"
            case .cannotStart: return "zlib could not start inflating"
            }
        }
    }

    struct Inflated {
        var bytes: [UInt8]
        var problem: Problem?
    }

    /// The inflated bytes, or what was inflated and why it stopped. Concatenated gzip members are
    /// inflated one after the other.
    ///
    /// Streamed in 1 MiB chunks, and the output never grows past `limit`: 2 MB of gzip can hold
    /// 2 GiB of spaces, and inflating first and checking after once took 2.1 GB of memory (and
    /// 8.5 GB, then an abort, for 4 GiB of zeros).
    static func inflate(_ input: [UInt8], limit: Int) -> Inflated {
        var output: [UInt8] = []
        // A typical trace compresses about 10:1; the cap keeps a hostile ratio from reserving much.
        output.reserveCapacity(min(input.count &* 8, max(limit, 0), 1 << 28))
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return Inflated(bytes: [], problem: .cannotStart)
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var consumed = 0
        var poll = CancellationPoll(every: 16)
        return input.withUnsafeBufferPointer { source -> Inflated in
            while true {
                if poll.shouldStop() { return Inflated(bytes: output, problem: .stopped) }
                let remaining = source.count - consumed
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + consumed })
                stream.avail_in = UInt32(clamping: remaining)
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunk)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                guard produced <= limit - output.count else { return Inflated(bytes: output, problem: .overLimit(limit)) }
                Self.grow(&output, by: produced, limit: limit)
                output.append(contentsOf: buffer[0..<produced])
                consumed += Int(UInt32(clamping: remaining)) - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (concatenated .gz files).
                    if consumed < source.count, source.count - consumed >= 2,
                       source[consumed] == 0x1F, source[consumed + 1] == 0x8B, inflateReset(&stream) == Z_OK {
                        continue
                    }
                    return Inflated(bytes: output, problem: nil)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where consumed >= source.count:
                    return Inflated(bytes: output, problem: .truncated(afterBytes: output.count))
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    return Inflated(bytes: output, problem: .corrupt(afterBytes: output.count, reason: message))
                }
            }
        }
    }

    /// Doubles the capacity as `append` would, but never past `limit`, so that the buffer of an
    /// output near the limit is not twice the limit.
    private static func grow(_ output: inout [UInt8], by count: Int, limit: Int) {
        let needed = output.count + count
        guard needed > output.capacity else { return }
        output.reserveCapacity(min(max(needed, output.capacity * 2), limit))
    }
}
