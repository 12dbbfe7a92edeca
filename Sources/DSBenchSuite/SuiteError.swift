/// One problem in a suite file, located precisely enough to jump to it from an editor.
///
/// Rendered as `file:line:column: error: key.path: found X, expected Y; hint`.
public struct SuiteError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The file could not be read or is not UTF-8.
        case io
        /// YAML itself is malformed (reported by Yams/libyaml).
        case syntax
        case unknownKey
        case missingKey
        case wrongType
        case invalidValue
        case duplicate
        /// Keys that cannot be combined (two step kinds, `factor` and `step`, `min > max`).
        case conflict
    }

    public var kind: Kind
    public var file: String
    /// 1-based; 0 when the problem has no position (an unreadable file).
    public var line: Int
    /// 1-based, counted in Unicode scalars as libyaml does; 0 when unknown.
    public var column: Int
    /// Key path such as `steps[2].sizes.max`; empty for the whole document.
    public var path: String
    public var found: String
    public var expected: String
    public var hint: String?

    public init(_ kind: Kind, file: String, line: Int, column: Int, path: String,
                found: String, expected: String, hint: String? = nil) {
        self.kind = kind; self.file = file; self.line = line; self.column = column
        self.path = path; self.found = found; self.expected = expected; self.hint = hint
    }

    public var location: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }

    public var description: String {
        var text = "\(location): error: "
        if !path.isEmpty { text += "\(path): " }
        text += "found \(found), expected \(expected)"
        if let hint { text += "; \(hint)" }
        return text
    }
}

/// Every problem found while loading one suite, in file order.
public struct SuiteLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [SuiteError]

    public init(_ errors: [SuiteError]) { self.errors = errors }

    /// One line per error, in the order they appear in the file.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
