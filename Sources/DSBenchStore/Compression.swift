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
