import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct SuiteLocatorTests {
    /// A scratch copy of the repo layout: Suites/smoke.yaml, Suites/examples/multinode.yaml, plain.yaml.
    private func scratch() throws -> String {
        let dir = try makeScratchDirectory("suite-locator")
        let suites = dir.appendingPathComponent("Suites")
        try FileManager.default.createDirectory(at: suites.appendingPathComponent("examples"),
                                                withIntermediateDirectories: true)
        try "suite: smoke\n".write(to: suites.appendingPathComponent("smoke.yaml"), atomically: true, encoding: .utf8)
        try "suite: m\n".write(to: suites.appendingPathComponent("examples/multinode.yaml"), atomically: true,
                               encoding: .utf8)
        try "suite: p\n".write(to: dir.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
        return dir.path
    }

    @Test func findsSuitesByLowercaseFolderName() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(SuiteLocator.resolve("suites/smoke.yaml", cwd: root) == root + "/Suites/smoke.yaml")
        #expect(SuiteLocator.resolve("SUITES/EXAMPLES/multinode.yaml", cwd: root)
                == root + "/Suites/examples/multinode.yaml")
        #expect(SuiteLocator.resolve("suites/smoke", cwd: root) == root + "/Suites/smoke.yaml")
    }

    @Test func findsBareNamesInSuites() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(SuiteLocator.resolve("smoke", cwd: root) == root + "/Suites/smoke.yaml")
        #expect(SuiteLocator.resolve("smoke.yaml", cwd: root) == root + "/Suites/smoke.yaml")
        #expect(SuiteLocator.resolve("Smoke", cwd: root) == root + "/Suites/smoke.yaml")
    }

    @Test func pathAsGivenWins() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(SuiteLocator.resolve("plain.yaml", cwd: root) == root + "/plain.yaml")
        #expect(SuiteLocator.resolve(root + "/Suites/smoke.yaml", cwd: "/") == root + "/Suites/smoke.yaml")
        #expect(SuiteLocator.resolve("./Suites/../plain.yaml", cwd: root) == root + "/plain.yaml")
    }

    @Test func missingOrDirectoryGivesNil() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(SuiteLocator.resolve("nightly", cwd: root) == nil)
        #expect(SuiteLocator.resolve("suites", cwd: root) == nil)
        #expect(SuiteLocator.resolve("suites/examples", cwd: root) == nil)
        #expect(SuiteLocator.resolve("", cwd: root) == nil)
    }

    @Test func resolvesTheShippedSuitesFromTheRepoRoot() throws {
        let resolved = try #require(SuiteLocator.resolve("suites/quarterly.yaml", cwd: repoRoot.path))
        #expect(try SuiteLoader.load(path: resolved).suite.name == "quarterly")
    }
}
