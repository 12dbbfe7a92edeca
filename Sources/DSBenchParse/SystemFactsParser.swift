import DSBenchCore

/// Node facts with the diagnostics found while reading them.
public struct ParsedFacts: Sendable, Equatable {
    /// Keys: `driver_version`, `cuda_version`, `kernel`, `os`.
    public var facts: [String: String]
    public var diagnostics: [Diagnostic]

    public init(facts: [String: String] = [:], diagnostics: [Diagnostic] = []) {
        self.facts = facts; self.diagnostics = diagnostics
    }
}

/// Driver, CUDA, kernel and OS facts from `nvidia-smi`, `uname` and `/etc/os-release`.
public enum SystemFactsParser {
    /// Plain `nvidia-smi`: `| NVIDIA-SMI 580.159.04   Driver Version: 580.159.04   CUDA Version: 13.0 |`.
    public static func smiSummary(_ text: String) -> ParsedFacts {
        var result = ParsedFacts()
        var poll = CancellationPoll()
        for line in SmiLines.split(text) {
            if poll.shouldStop() { break }
            if result.facts["driver_version"] == nil, let value = word(after: "Driver Version:", in: line.text) {
                result.facts["driver_version"] = value
            }
            if result.facts["cuda_version"] == nil, let value = word(after: "CUDA Version:", in: line.text) {
                result.facts["cuda_version"] = value
            }
        }
        if result.facts["driver_version"] == nil {
            let hint = SmiLines.split(text).first { !$0.text.trimmedSpaces.isEmpty }
            let detail = hint.map { ": first line reads '\($0.text.trimmedSpaces.prefix(120))'" } ?? ""
            result.diagnostics.append(Diagnostic(.error, line: hint?.number, "no 'Driver Version:' in nvidia-smi output\(detail)"))
        }
        if result.facts["cuda_version"] == nil {
            result.diagnostics.append(Diagnostic(.warning, "no 'CUDA Version:' in nvidia-smi output"))
        }
        return result
    }

    /// `uname -a` (`Linux vm 6.18.44-fc-v657-gpu #1 SMP …`), `uname -sr` or `uname -r`: the kernel release.
    public static func uname(_ text: String) -> ParsedFacts {
        var result = ParsedFacts()
        guard let line = SmiLines.split(text).first(where: { !$0.text.trimmedSpaces.isEmpty }) else {
            result.diagnostics.append(Diagnostic(.error, "empty uname output"))
            return result
        }
        let words = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let kernelNames: Set<Substring> = ["Linux", "Darwin", "FreeBSD", "GNU/Linux"]
        let release: Substring?
        switch words.count {
        case 1: release = words[0]
        case 2 where kernelNames.contains(words[0]): release = words[1]
        case 3... where kernelNames.contains(words[0]): release = words[2]
        default: release = nil
        }
        if let release, release.first?.isASCIIDigitLike == true {
            result.facts["kernel"] = String(release)
        } else {
            result.diagnostics.append(Diagnostic(.error, line: line.number,
                                                 "no kernel release found in uname output '\(line.text.prefix(120))'"))
        }
        return result
    }

    /// `/etc/os-release`: `PRETTY_NAME`, else `NAME VERSION_ID`.
    public static func osRelease(_ text: String) -> ParsedFacts {
        var result = ParsedFacts()
        var entries: [String: String] = [:]
        var poll = CancellationPoll()
        for line in SmiLines.split(text) {
            if poll.shouldStop() { break }
            let trimmed = line.text.trimmedSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                result.diagnostics.append(Diagnostic(.warning, line: line.number, "not a KEY=value line"))
                continue
            }
            entries[String(trimmed[..<equals])] = unquote(trimmed[trimmed.index(after: equals)...])
        }
        if let pretty = entries["PRETTY_NAME"], !pretty.isEmpty {
            result.facts["os"] = pretty
        } else if let name = entries["NAME"] {
            result.facts["os"] = [name, entries["VERSION_ID"]].compactMap { $0 }.joined(separator: " ")
            result.diagnostics.append(Diagnostic(.note, "no PRETTY_NAME; using NAME and VERSION_ID"))
        } else {
            result.diagnostics.append(Diagnostic(.error, "no PRETTY_NAME or NAME in os-release"))
        }
        return result
    }

    public static func smiSummary(_ bytes: [UInt8]) -> ParsedFacts { smiSummary(SmiLines.decode(bytes)) }
    public static func uname(_ bytes: [UInt8]) -> ParsedFacts { uname(SmiLines.decode(bytes)) }
    public static func osRelease(_ bytes: [UInt8]) -> ParsedFacts { osRelease(SmiLines.decode(bytes)) }

    /// Facts merged into the typed record (the keys each parser above produces).
    public static func systemFacts(_ facts: [String: String]) -> SystemFacts {
        SystemFacts(driverVersion: facts["driver_version"], cudaVersion: facts["cuda_version"],
                    kernel: facts["kernel"], osName: facts["os"])
    }

    /// The first space-free word after `label`, if any.
    private static func word(after label: String, in line: Substring) -> String? {
        guard let range = line.firstRange(of: label) else { return nil }
        let value = line[range.upperBound...].trimmedSpaces.prefix { $0 != " " && $0 != "\t" && $0 != "|" }
        return value.isEmpty ? nil : String(value)
    }

    /// Shell-style value: `"Ubuntu 24.04.3 LTS"` or `'…'` unquoted, `\"` and `\\` unescaped.
    private static func unquote(_ raw: Substring) -> String {
        let value = raw.trimmedSpaces
        guard let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote else {
            return String(value)
        }
        var out = ""
        var escaped = false
        for character in value.dropFirst().dropLast() {
            if escaped || quote == "'" || character != "\\" { out.append(character); escaped = false } else { escaped = true }
        }
        return out
    }
}
