import DSBenchCore
import Foundation
import Yams

/// A suite as loaded from disk: the typed model plus the exact text it came from, so a run can
/// record which suite produced it (`runs.suite_sha256`).
public struct LoadedSuite: Sendable, Equatable {
    public var suite: Suite
    public var file: String
    public var text: String
    /// SHA-256 of the UTF-8 text, lowercase hex.
    public var sha256: String
    /// The text a run stores and reports show: `text` with every secret env value replaced in
    /// place (`SuiteTextRedaction`).
    public var storedText: String

    public init(suite: Suite, file: String, text: String, sha256: String, storedText: String? = nil) {
        self.suite = suite; self.file = file; self.text = text; self.sha256 = sha256
        self.storedText = storedText ?? text
    }
}

public enum SuiteLoader {
    public static func load(path: String) throws(SuiteLoadError) -> LoadedSuite {
        // Reading a FIFO waits for a writer and /dev/zero never ends: only a regular file is read.
        if let kind = notRegular(path) {
            throw SuiteLoadError([SuiteError(.io, file: path, line: 0, column: 0, path: "",
                                             found: kind, expected: "a suite file (a regular YAML file)")])
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SuiteLoadError([SuiteError(.io, file: path, line: 0, column: 0, path: "",
                                             found: "an unreadable file (\(Self.reason(error, path: path)))",
                                             expected: "a readable suite file")])
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw SuiteLoadError([SuiteError(.io, file: path, line: 0, column: 0, path: "",
                                             found: "bytes that are not UTF-8", expected: "a UTF-8 text file")])
        }
        return try load(text: text, file: path)
    }

    /// `file` is only used in error messages and `LoadedSuite.file`.
    public static func load(text: String, file: String) throws(SuiteLoadError) -> LoadedSuite {
        try load(text: text, file: file, redacting: true)
    }

    /// `redacting`: also make `storedText` (false when checking that a redacted text loads).
    static func load(text: String, file: String, redacting: Bool) throws(SuiteLoadError) -> LoadedSuite {
        let root: Node?
        // A byte-order mark (some Windows editors write one) is not content; libyaml would choke on it.
        let yamlText = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        do {
            // Forced UTF-8: the default encoding can be switched by an environment variable.
            root = try Yams.compose(yaml: yamlText, .default, .default, .utf8)
        } catch {
            throw SuiteLoadError(DuplicateKeys.all(error, text: yamlText, file: file))
        }
        guard let root else {
            throw SuiteLoadError([SuiteError(.missingKey, file: file, line: 1, column: 1, path: "",
                                             found: "an empty document",
                                             expected: "a mapping with at least 'suite:' and 'steps:'")])
        }
        let reader = NodeReader(file: file)
        let suite = SuiteDecoder(reader: reader).decode(root)
        guard let suite, reader.errors.isEmpty else {
            // Stable sort: errors at one position keep the order they were found in.
            let sorted = reader.errors.enumerated().sorted {
                ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
            }.map(\.element)
            throw SuiteLoadError(sorted)
        }
        return LoadedSuite(suite: suite, file: file, text: text, sha256: SHA256.hex(Array(text.utf8)),
                           storedText: redacting ? storable(yamlText, secrets: reader.secretScalars, file: file) : text)
    }

    /// The redacted text, which must still load as the same suite; if a layout defeats the
    /// in-place redaction, the run stores a note instead of the text (and the defaults of the
    /// settings it would have read back).
    static func storable(_ text: String, secrets: [Node], file: String) -> String {
        guard !secrets.isEmpty else { return text }
        let redacted = SuiteTextRedaction.redact(text, scalars: secrets)
        guard (try? load(text: redacted, file: file, redacting: false)) != nil else {
            return "# suite text withheld: it holds secret env values that could not be redacted in place\n"
        }
        return redacted
    }

    /// Yams/libyaml errors carry a mark; turn them into the same `file:line:column` shape.
    static func syntaxError(_ error: any Error, text: String, file: String) -> SuiteError {
        func make(_ line: Int, _ column: Int, _ problem: String, hint: String? = nil) -> SuiteError {
            SuiteError(.syntax, file: file, line: line, column: column, path: "",
                       found: "invalid YAML (\(problem))", expected: "well-formed YAML", hint: hint)
        }
        guard let yaml = error as? YamlError else { return make(1, 1, String(describing: error)) }
        switch yaml {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let message = context.map { "\($0.text), \(problem)" } ?? problem
            return make(mark.line, mark.column, message, hint: syntaxHint(problem: problem, at: mark, in: text))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return SuiteError(.duplicate, file: file, line: context.mark.line, column: context.mark.column,
                              path: "", found: "the key \(keys) twice in one mapping", expected: "each key once")
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofCharacterOffset: $0, in: text) } ?? (1, 1)
            return make(line, column, problem)
        default:
            return make(1, 1, yaml.description)
        }
    }

    /// The two syntax mistakes suite authors make most, explained.
    private static func syntaxHint(problem: String, at mark: Mark, in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let line = lines[mark.line - 1]
        if problem.contains("cannot start any token"),
           line.unicodeScalars.dropFirst(mark.column - 1).first == "\t" {
            return "YAML does not allow tabs for indentation; use spaces"
        }
        if problem.contains("did not find expected ',' or ']'") {
            return "inside a [ ] list, quote values that contain brackets, e.g. ['gpu-[001-004]']"
        }
        return nil
    }

    /// 1-based line and column (in Unicode scalars, as libyaml counts) of a Character offset.
    static func position(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for character in text.prefix(max(0, offset)) {
            if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += character.unicodeScalars.count }
        }
        return (line, column)
    }

    /// What `path` is when it exists and is not a regular file (symbolic links followed).
    public static func notRegular(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    private static func reason(_ error: any Error, path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        if isDirectory.boolValue { return "a directory" }
        return (error as NSError).localizedDescription
    }
}
