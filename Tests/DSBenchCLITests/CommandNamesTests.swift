import Foundation
import Testing

/// Every command's configuration names it: without `commandName:` ArgumentParser derives the name
/// through String(describing:) of the type, a scan of every protocol conformance of the binary
/// per command at start-up (21 % of `dsbench --version`).
@Suite struct CommandNamesTests {
    @Test func everyCommandConfigurationHasACommandName() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/dsbench")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var unnamed: [String] = []
        var configurations = 0
        for file in files {
            let lines = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where line.contains("CommandConfiguration(") {
                configurations += 1
                let window = lines[index..<min(index + 2, lines.count)].joined(separator: " ")
                if !window.contains("commandName:") { unnamed.append("\(file):\(index + 1)") }
            }
        }
        #expect(configurations >= 26)
        #expect(unnamed == [])
    }
}
