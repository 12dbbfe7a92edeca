/// Text from outside dsbench (suite, node and step names, captured GPU names, parser messages)
/// made safe to show. An `ESC [31m` in a node name or a GPU name once reached the terminal raw
/// through `runs`, `show`, ingest warnings and `report.md`, where it can recolour, hide or
/// rewrite what the operator reads (issue 12).
public enum TerminalText {
    /// Control characters made visible: C0 (`ESC` → `\x1B`, CR → `\r`), DEL, C1 (`\u009B`, which
    /// some terminals take as CSI) and the bidirectional overrides that reorder a line
    /// (`\u202E`). Tab and line feed stay unless `keepingLineBreaks` is false, for one field of a
    /// table or a line, where they would break the layout.
    public static func escape(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) else { out.append(scalar); continue }
            out.append(contentsOf: visible(scalar).unicodeScalars)
        }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepingLineBreaks
        case 0x00..<0x20, 0x7F, 0x80...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return scalar.value < 0x80 ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}

/// Text for Markdown (`report.md`): what `TerminalText` escapes, plus what Markdown would read
/// as structure in a table cell or a line: `|` ends a cell, `<` opens raw HTML, a line break
/// ends the row.
public enum MarkdownText {
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in TerminalText.escape(text) {
            switch character {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// RFC 8259 strings: the one JSON string escaper of every JSON dsbench writes (the store's JSON
/// columns, `parse`, `show --json`, report.json, the plan).
public enum JSONString {
    /// `"text"`, escaped.
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    public static func append(_ text: String, to out: inout String) {
        // Most values need no escape; copying them whole is 4× faster than scalar by scalar
        // (a large query-gpu ingest spent a fifth of its time here).
        if !text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        append(text, to: &escaped)
        out += String(decoding: escaped, as: UTF8.self)
    }

    /// `"text"`, escaped, as UTF-8 bytes (the one escaping table): the short escapes, other
    /// control characters and DEL as `\u00xx`, everything else as it is.
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// XML 1.0 text and attribute values (SVG, HTML, JUnit): the five predefined entities; the control
/// characters XML 1.0 cannot carry, even escaped, become a space.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 || $0 < 0x20 }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t", "\r": out.unicodeScalars.append(character)
            case _ where character.value < 0x20: out.unicodeScalars.append(" ")
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
