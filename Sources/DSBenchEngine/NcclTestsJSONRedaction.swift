/// nccl-tests writes its whole process environment into the JSON (`"env": [...]`), secrets included.
/// dsbench never stores secrets from env, so the array is emptied before the file becomes an
/// artifact. Works on bytes: the JSON may be invalid (bare `inf`) and must otherwise stay as written.
enum NcclTestsJSONRedaction {
    static func removingEnvironment(_ bytes: [UInt8]) -> [UInt8] {
        let key = Array("\"env\"".utf8)
        var i = 0
        var depth = 0
        var inString = false
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") { depth -= 1 }
            if b == UInt8(ascii: "\"") {
                if depth == 1, bytes[i...].starts(with: key), let range = arrayAfterKey(bytes, from: i + key.count) {
                    return Array(bytes[..<range.lowerBound]) + Array("[]".utf8) + Array(bytes[range.upperBound...])
                }
                inString = true
            }
            i += 1
        }
        return bytes
    }

    /// The byte range of the `[...]` value following a key (`: [ ... ]`), strings respected.
    private static func arrayAfterKey(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        var i = start
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: "\r") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: "\r") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
        let open = i
        var depth = 0
        var inString = false
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return open..<(i + 1) }
            }
            i += 1
        }
        // A truncated file: drop everything from the array on rather than keep a partial environment.
        return open..<bytes.count
    }
}
