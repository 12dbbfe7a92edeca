/// nccl-tests writes its whole process environment into the JSON (`"env": [...]`), secrets included.
/// dsbench never stores secrets from env, so the array is emptied before the file becomes an
/// artifact. Works on bytes: the JSON may be invalid (bare `inf`) and must otherwise stay as written.
enum NcclTestsJSONRedaction {
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    private static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")

    static func removingEnvironment(_ bytes: [UInt8]) -> [UInt8] {
        let key = Array("\"env\"".utf8)
        var depth = 0
        var environment: Range<Int>?
        _ = firstOutsideStrings(bytes, from: 0) { i in
            let b = bytes[i]
            if b == UInt8(ascii: "{") || b == openBracket { depth += 1 }
            if b == UInt8(ascii: "}") || b == closeBracket { depth -= 1 }
            guard b == quote, depth == 1, bytes[i...].starts(with: key) else { return false }
            environment = arrayAfterKey(bytes, from: i + key.count)
            return environment != nil
        }
        guard let environment else { return bytes }
        return Array(bytes[..<environment.lowerBound]) + Array("[]".utf8) + Array(bytes[environment.upperBound...])
    }

    /// The byte range of the `[...]` value following a key (`: [ ... ]`), strings respected.
    private static func arrayAfterKey(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        var i = skippingWhitespace(bytes, from: start)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i = skippingWhitespace(bytes, from: i + 1)
        guard i < bytes.count, bytes[i] == openBracket else { return nil }
        var depth = 0
        let close = firstOutsideStrings(bytes, from: i) { j in
            if bytes[j] == openBracket { depth += 1 }
            if bytes[j] == closeBracket { depth -= 1 }
            return depth == 0
        }
        // A truncated file: drop everything from the array on rather than keep a partial environment.
        return i..<(close.map { $0 + 1 } ?? bytes.count)
    }

    /// The first index from `start` that is outside every string (a string's opening quote
    /// counts as outside) and that `stop` accepts; `stop` sees each such index in order.
    private static func firstOutsideStrings(_ bytes: [UInt8], from start: Int, where stop: (Int) -> Bool) -> Int? {
        var i = start
        var inString = false
        while i < bytes.count {
            if inString {
                // An escape takes the byte after it along.
                if bytes[i] == backslash { i += 2; continue }
                if bytes[i] == quote { inString = false }
            } else {
                if stop(i) { return i }
                if bytes[i] == quote { inString = true }
            }
            i += 1
        }
        return nil
    }

    private static func skippingWhitespace(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
        return i
    }
}
