import DSBenchTestSupport
import Foundation
import Testing

/// Names and captured values holding terminal escapes reach no output raw: `runs`, `show`, the
/// ingest warnings and `report.md` print `\x1B[31m` and `\r` instead of recolouring the terminal
/// or overwriting the line (issue 12).
@Suite struct CLITerminalEscapeTests {
    static let evil = "\u{1B}[31m\r"

    static func hasRawControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D || (0x80...0x9F).contains($0.value) }
    }

    @Test func escapesInNamesAndCapturesAreShownNotObeyed() async throws {
        let cli = try CLI.make("escapes")
        defer { cli.removeScratch() }
        let capture = try Fixtures.h200("a_query-gpu_csv.txt")
            .replacingOccurrences(of: "NVIDIA H200", with: "NVIDIA\(Self.evil)H200")
        let gpus = try cli.write("gpus.csv", capture)
        let nvlink = try cli.write("nvlink.txt", try Fixtures.h200("a_nvlink-s.txt") + "bogus\(Self.evil)line\n")

        let ingest = try await cli.run(["ingest", "query-gpu", gpus.path, "--suite", "suite\(Self.evil)x",
                                        "--node", "node\(Self.evil)1"])
        #expect(ingest.status == 0, "\(ingest)")
        let runID = try #require(ingest.runID)
        let warned = try await cli.run(["ingest", "nvlink", nvlink.path, "--run", String(runID), "--node", "node\(Self.evil)1"])
        #expect(warned.stderr.contains("unrecognised line ignored: bogus\\x1B[31m\\rline"), "\(warned)")

        let runs = try await cli.run(["runs"])
        #expect(runs.status == 0, "\(runs)")
        #expect(runs.stdout.contains("suite\\x1B[31m\\rx"))
        let show = try await cli.run(["show", String(runID)])
        #expect(show.stdout.contains("node\\x1B[31m\\r1"), "\(show)")
        #expect(show.stdout.contains("NVIDIA\\x1B[31m\\rH200"), "\(show)")
        let report = try await cli.run(["report", String(runID), "--format", "md", "-o", cli.scratch.appendingPathComponent("r").path])
        #expect(report.status == 0, "\(report)")
        let markdown = try String(contentsOf: cli.scratch.appendingPathComponent("r/report.md"), encoding: .utf8)
        #expect(markdown.contains("suite\\x1B[31m\\rx"))

        for (name, text) in [("ingest", ingest.stdout + ingest.stderr), ("ingest warnings", warned.stderr),
                             ("runs", runs.stdout), ("show", show.stdout + show.stderr), ("report.md", markdown)] {
            #expect(!Self.hasRawControls(text), "\(name) printed a raw control character")
        }
    }
}
