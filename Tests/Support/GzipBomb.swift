import CZlib

/// Decompression bombs made in the test, never committed: `count` copies of `byte` gzipped by
/// streaming one 1 MiB buffer through deflate, so that making one needs no memory of its size.
/// Level 1 is the fastest; 400 MiB of zeros still gzip to 1.8 MB.
public enum GzipBomb {
    public static func make(byte: UInt8, count: Int) -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: write a gzip header and trailer.
        precondition(deflateInit2_(&stream, 1, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        let chunk = 1 << 20
        var input = [UInt8](repeating: byte, count: chunk)
        var buffer = [UInt8](repeating: 0, count: chunk)
        var output: [UInt8] = []
        var left = count
        repeat {
            let take = min(left, chunk)
            left -= take
            let flush = left == 0 ? Z_FINISH : Z_NO_FLUSH
            input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(take)
                repeat {
                    buffer.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(chunk)
                        _ = deflate(&stream, flush)
                    }
                    output += buffer[0..<(chunk - Int(stream.avail_out))]
                } while stream.avail_out == 0
            }
        } while left > 0
        return output
    }
}
