import DSBenchSuite
import Foundation

/// The repository root, found from this file so tests run from any working directory.
let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()   // DSBenchSuiteTests
    .deletingLastPathComponent()   // Tests
    .deletingLastPathComponent()

func shippedSuitePath(_ relative: String) -> String {
    repoRoot.appendingPathComponent("Suites").appendingPathComponent(relative).path
}

/// Loads YAML text expected to be invalid; returns each error's description (empty when it loaded).
func loadErrors(_ yaml: String, file: String = "bad.yaml") -> [String] {
    do {
        _ = try SuiteLoader.load(text: yaml, file: file)
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

func loadSuite(_ yaml: String, file: String = "test.yaml") throws -> Suite {
    try SuiteLoader.load(text: yaml, file: file).suite
}
