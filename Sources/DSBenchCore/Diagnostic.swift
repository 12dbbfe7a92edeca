/// A problem found in input, kept as data (`source:line: message`) rather than thrown.
public struct Diagnostic: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning, note }

    public var severity: Severity
    /// 1-based line in the parsed text, when the problem belongs to one line.
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, line: Int? = nil, _ message: String) {
        self.severity = severity
        self.line = line
        self.message = message
    }

    /// `source:line: severity: message`, the shape compilers and benchstat use.
    public func formatted(source: String) -> String {
        let place = line.map { "\(source):\($0)" } ?? source
        return "\(place): \(severity.rawValue): \(message)"
    }

    public var description: String { formatted(source: "<input>") }
}
