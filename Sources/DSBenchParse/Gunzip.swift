import CZlib

/// gzip (and zlib) decompression for `.json.gz` profiler traces.
enum Gunzip {
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The inflated bytes, or the reason they could not be had. Concatenated gzip members are
    /// inflated one after the other; a truncated stream yields what was inflated and an error.
    static func inflate(_ input: [UInt8]) -> (bytes: [UInt8], error: String?) {
        var output: [UInt8] = []
        output.reserveCapacity(min(input.count &* 8, 1 << 31))
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return ([], "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var consumed = 0
        return input.withUnsafeBufferPointer { source -> ([UInt8], String?) in
            while true {
                let remaining = source.count - consumed
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + consumed })
                stream.avail_in = UInt32(clamping: remaining)
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunk)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                output.append(contentsOf: buffer[0..<produced])
                consumed += Int(UInt32(clamping: remaining)) - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (concatenated .gz files).
                    if consumed < source.count, source.count - consumed >= 2,
                       source[consumed] == 0x1F, source[consumed + 1] == 0x8B, inflateReset(&stream) == Z_OK {
                        continue
                    }
                    return (output, nil)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where consumed >= source.count:
                    return (output, "gzip stream ends early (truncated file?) after \(output.count) bytes")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    return (output, "gzip data is corrupt after \(output.count) inflated bytes: \(message)")
                }
            }
        }
    }
}
