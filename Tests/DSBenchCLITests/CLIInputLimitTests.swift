import DSBenchTestSupport
import Foundation
import Testing

/// The limits on input from the command line: a decompression bomb is a clear parse error (65,
/// not an abort with 134 after trying to allocate 8.5 GB), an oversized file is refused before
/// anything is stored, and a suite that plans 10⁹ steps fails `validate` at once (64).
@Suite struct CLIInputLimitTests {
    @Test func bombTraceIsRefusedWithExit65() async throws {
        let cli = try CLI.make("bomb")
        defer { cli.removeScratch() }
        let bomb = try cli.write("bomb.json.gz", Data(GzipBomb.make(byte: UInt8(ascii: " "), count: 400 << 20)))
        let result = try await cli.run(["parse", "torch-trace", bomb.path, "--max-artifact-bytes", "4M"], withDB: false)
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "dsbench: \(bomb.path): not parsed: the artifact inflates to more than 4 MiB, the most an "
            + "artifact may be (max_artifact_bytes; raise it in the suite's defaults, or with --max-artifact-bytes)\n")
    }

    @Test func oversizedFileIsNotIngested() async throws {
        let cli = try CLI.make("ingest-big")
        defer { cli.removeScratch() }
        let big = try cli.write("big.csv", String(repeating: "0, NVIDIA H200\n", count: 1000))
        let result = try await cli.run(["ingest", "query-gpu", big.path, "--max-artifact-bytes", "4K"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("big.csv: not parsed: the artifact is 14.6 KiB, more than 4 KiB"), "\(result)")
        #expect(result.stderr.contains("nothing was ingested"))
        #expect(!FileManager.default.fileExists(atPath: cli.db.path), "no database was even opened")
        let bad = try await cli.run(["ingest", "query-gpu", big.path, "--max-artifact-bytes", "lots"])
        #expect(bad.status == 64, "\(bad)")
    }

    @Test func billionStepSuiteFailsValidateFast() async throws {
        let cli = try CLI.make("huge-plan")
        defer { cli.removeScratch() }
        let suite = try cli.write("huge.yaml", """
            suite: huge
            nodes: "n[1-100000]"
            steps:
              - name: allreduce
                nccl: all_reduce
                repeat: 10000
            """)
        let started = Date()
        let result = try await cli.run(["validate", suite.path], withDB: false)
        #expect(Date().timeIntervalSince(started) < 10, "counting takes milliseconds; expanding took a minute and died")
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.hasPrefix("\(suite.path):6:5: error: steps[0].repeat: found a plan of 1000000000 planned steps"))
        #expect(result.stderr.contains("100000 nodes × 10000 repeats × 1 env_matrix variant"))
    }
}
