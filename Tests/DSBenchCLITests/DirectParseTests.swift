import ArgumentParser
@testable import dsbench
import Foundation
import Testing

/// `DSBench.parseDirectly`: a top-level command parsed as the root of its own, skipping
/// ArgumentParser's completion-script check, must give the command the whole tree gives, and leave
/// everything else (help, errors, completion requests) to the whole tree, whose messages users know.
@Suite struct DirectParseTests {
    static let capture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/h200-x8/b_all_reduce_8-8G_r1.txt").path

    @Test func aCommandLineParsesToTheSameCommandEitherWay() throws {
        let lines: [[String]] = [
            ["show"], ["show", "3", "--json", "--db", "x.db"], ["runs", "--db", "y.db"],
            ["ingest", "--db", "x.db", "nccl-tests", Self.capture],
            ["parse", "nccl-tests", "--format", "jsonl", Self.capture],
            ["baseline", "set", "7", "latest", "--name", "gold", "--note", "after the reseat"],
            ["baseline", "list"], ["export", "csv", "--table", "nccl"], ["rules"], ["schema"],
            ["check", "--db", "x.db", "nightly"], ["compare", "2", "--baseline", "1"],
        ]
        for line in lines {
            let direct = try #require(DSBench.parseDirectly(line), "\(line) was not parsed directly")
            let fromRoot = try DSBench.parseAsRoot(line)
            #expect(ObjectIdentifier(type(of: direct)) == ObjectIdentifier(type(of: fromRoot)), "\(line)")
            var a = "", b = ""
            dump(direct, to: &a)
            dump(fromRoot, to: &b)
            #expect(a == b, "\(line)")
        }
    }

    @Test func helpErrorsAndCompletionRequestsAreLeftToTheWholeTree() {
        let lines: [[String]] = [
            [], ["--help"], ["-h"], ["--version"], ["help"], ["help", "show"], ["show", "--help"], ["show", "-h"],
            ["baseline", "--help"], ["baseline", "set", "--help"], ["show", "--bogus"], ["show", "0"],
            ["nosuch"], ["---completion", "--", "show"], ["--generate-completion-script", "bash"],
            ["ingest"], ["show", "--version"],
        ]
        for line in lines { #expect(DSBench.parseDirectly(line) == nil, "\(line)") }
    }

    @Test func everyTopLevelCommandIsMarkedAsUnderDSBenchAndTheRootIsNot() {
        #expect(DSBench.configuration._superCommandName == nil)
        #expect(DSBench.configuration.subcommands.count >= 19)
        for type in DSBench.configuration.subcommands {
            #expect(type.configuration._superCommandName == "dsbench", "\(type.configuration.commandName ?? "?")")
            for sub in DSBench.tree(of: type).dropFirst() {
                #expect(sub.configuration._superCommandName == nil, "\(sub.configuration.commandName ?? "?") is not top-level")
            }
        }
    }
}
