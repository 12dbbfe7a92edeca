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
    /// Streamed in 1 MiB chunks, and inflating stops as soon as the output would pass `limit`:
    /// 2 MB of gzip can hold 2 GiB of spaces, and inflating all of it before looking once took
    /// 2.1 GB of memory (and 8.5 GB, then an abort, for 4 GiB of zeros). The chunks are joined
    /// at the end, each freed once copied, so memory peaks near the output's size plus one chunk
    /// instead of twice the output while a growing array moves.
    static func inflate(_ input: [UInt8], limit: Int) -> Inflated {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return Inflated(bytes: [], problem: .cannotStart)
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 20
        var chunks = InflatedChunks()
        var consumed = 0
        var poll = CancellationPoll(every: 16)
        let problem = input.withUnsafeBufferPointer { source -> Problem? in
            while true {
                if poll.shouldStop() { return .stopped }
                var chunk = [UInt8](repeating: 0, count: chunkSize)
                let remaining = source.count - consumed
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + consumed })
                stream.avail_in = UInt32(clamping: remaining)
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                guard produced <= limit - chunks.count else { return .overLimit(limit) }
                chunks.append(chunk, count: produced)
                consumed += Int(UInt32(clamping: remaining)) - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (concatenated .gz files).
                    if consumed < source.count, source.count - consumed >= 2,
                       source[consumed] == 0x1F, source[consumed + 1] == 0x8B, inflateReset(&stream) == Z_OK {
                        continue
                    }
                    return nil
                case Z_OK:
                    continue
                case Z_BUF_ERROR where consumed >= source.count:
                    return .truncated(afterBytes: chunks.count)
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    return .corrupt(afterBytes: chunks.count, reason: message)
                }
            }
        }
        // Past the limit nothing is joined: the caller refuses the artifact.
        if case .overLimit = problem { return Inflated(bytes: [], problem: problem) }
        return Inflated(bytes: chunks.joined(), problem: problem)
    }
}

/// Inflated output as it comes, one full-size buffer per zlib call.
private struct InflatedChunks {
    private var chunks: [(buffer: [UInt8], count: Int)] = []
    private(set) var count = 0

    mutating func append(_ buffer: [UInt8], count produced: Int) {
        guard produced > 0 else { return }
        chunks.append((buffer, produced))
        count += produced
    }

    /// One contiguous array; each chunk is released as soon as it is copied.
    mutating func joined() -> [UInt8] {
        if chunks.count == 1 {
            var only = chunks.removeLast().buffer
            only.removeSubrange(count...)
            return only
        }
        let total = count
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            var offset = 0
            for index in chunks.indices {
                let (buffer, used) = chunks[index]
                chunks[index] = ([], 0)
                buffer.withUnsafeBufferPointer { source in
                    _ = UnsafeMutableBufferPointer(rebasing: out[offset..<(offset + used)])
                        .initialize(from: source[0..<used])
                }
                offset += used
            }
            initialized = total
            chunks = []
        }
    }
}
