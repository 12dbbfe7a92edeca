import ArgumentParser
import DSBenchCore
import DSBenchSuite

/// `--max-artifact-bytes SIZE` for the commands that parse files or stored artifacts outside a
/// run (a run takes it from the suite's `defaults.max_artifact_bytes`).
struct ParseLimitOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The most bytes a file (or what a .json.gz inflates to) may be and still be parsed, e.g. 512M or 4G (default 1G).",
        valueName: "size"))
    var maxArtifactBytes: String?

    func validate() throws { _ = try limits() }

    func limits() throws -> ParseLimits {
        guard let text = maxArtifactBytes else { return ParseLimits() }
        guard let bytes = ByteSize.parse(text), bytes >= 1 << 10, let exact = Int(exactly: bytes) else {
            throw ValidationError("--max-artifact-bytes '\(text)': expected a size of at least 1K such as \(ByteSize.example)")
        }
        return ParseLimits(maxArtifactBytes: exact)
    }
}
