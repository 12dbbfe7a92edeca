import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench check --report`: the report is written against the runs the check compared with, and
/// with the suite's own `regression:` tolerances.
@Suite struct CheckReportCLITests {
    @Test func checkWritesTheReportAgainstItsBaselineWithTheSuiteTolerances() throws {
        let dsbench = try Dsbench("check-report")
        defer { dsbench.remove() }
        let suite = try dsbench.write("nightly.yaml", """
            suite: nightly
            regression:
              baseline: auto
              tolerance: {bandwidth: 7%, latency: 40%}
            steps:
              - name: allreduce
                command: [cat, \(dsbench.scratch.appendingPathComponent("current.txt").path)]
                parser: nccl-tests
            """)
        _ = try dsbench.write("current.txt", try Fixtures.h200("b_all_reduce_8-8G_r1.txt"))
        let first = try dsbench.run(["check", suite])
        #expect(first.status == 0, "\(first)")

        _ = try dsbench.write("current.txt", try Fixtures.h200("e_p2p_disable.txt"))
        let folder = dsbench.scratch.appendingPathComponent("night2").path
        let bad = try dsbench.run(["check", suite, "--report", "md,json", "--report-dir", folder])
        #expect(bad.status == 1, "\(bad)")  // the report does not change the exit code
        #expect(bad.stderr.contains("report: \(folder)/report.md"), "\(bad)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/index.html"))

        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any])
        let baseline = try #require(json["baseline"] as? [String: Any])
        #expect(baseline["run_ids"] as? [Int] == [1])  // the auto baseline of the check: run 1
        let tolerances = try #require(json["tolerances"] as? [[String: Any]])
        #expect(tolerances.compactMap { $0["tolerance"] as? Double } == [0.40, 0.25, 0.07])
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["status"] as? String == "fail" && verdict["exit_code"] as? Int == 1, "\(verdict)")  // = the check's exit
        let markdown = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(markdown.contains("bandwidth (≥ 64 MiB) ±7 %"), "\(markdown.prefix(2000))")

        let usage = try dsbench.run(["check", suite, "--report", "pdf"])
        #expect(usage.status == 64, "\(usage)")
    }
}
