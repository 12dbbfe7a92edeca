import Foundation
import Testing

/// Import guard (issue 18): judgement stays a function of values. DSBenchAnalyze depends on
/// DSBenchCore only; reading the store and re-parsing stored lines is DSBenchAnalysisStore's. The
/// compiler would let an `import DSBenchStore` back in as soon as Package.swift listed it again,
/// so both the sources and the manifest are checked.
@Suite struct AnalyzeLayeringTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // DSBenchAnalyzeTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()

    static let forbiddenModules = ["DSBenchStore", "GRDB", "GRDBSQLite", "DSBenchParse"]

    @Test func noAnalyzeSourceImportsTheStoreOrTheParsers() throws {
        let sources = Self.packageRoot.appendingPathComponent("Sources/DSBenchAnalyze")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count > 20, "the sources were not found under \(sources.path)")
        // `import X`, `@testable import X`, `import struct X.Y`, `@_implementationOnly import X`.
        let modules = Self.forbiddenModules.joined(separator: "|")
        let forbidden = try Regex("^\\s*(@\\w+\\s+)*import\\s+(\\w+\\s+)?(\(modules))(\\.|\\s|$)")
        var offending: [String] = []
        for file in files {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.firstMatch(of: forbidden) != nil {
                offending.append("Sources/DSBenchAnalyze/\(file):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offending == [], "DSBenchAnalyze must import DSBenchCore only; move store reads to DSBenchAnalysisStore")
    }

    @Test func theManifestGivesAnalyzeOnlyTheCore() throws {
        let manifest = try String(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declaration = try Regex("\\.target\\(\\s*name:\\s*\"DSBenchAnalyze\"\\s*,\\s*dependencies:\\s*\\[([^\\]]*)\\]")
        let match = try #require(manifest.firstMatch(of: declaration),
                                 "no `.target(name: \"DSBenchAnalyze\", dependencies: [...])` in Package.swift")
        let list = String(try #require(match.output[1].substring))
        let names = list.matches(of: try Regex("\"([^\"]*)\"")).compactMap { $0.output[1].substring.map(String.init) }
        #expect(names == ["DSBenchCore"], "DSBenchAnalyze's dependencies: \(list)")
        #expect(!list.contains(".product("), "DSBenchAnalyze's dependencies: \(list)")
    }
}
