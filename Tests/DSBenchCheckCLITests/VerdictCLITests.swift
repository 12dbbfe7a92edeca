import DSBenchTestSupport
import Foundation
import Testing

/// Issue 11's cases through the built binary: the exit code of `check`/`compare`, their JSON,
/// JUnit and the report written beside them agree, on real captures.
@Suite struct VerdictCLITests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func object(file path: String) throws -> [String: Any] {
        try object(String(contentsOfFile: path, encoding: .utf8))
    }

    /// A suite replaying `current.txt` as one nccl-tests step (plus `extra` YAML), checked with a
    /// JUnit file and a JSON report; returns the exit code, JUnit text and report verdict.
    func check(_ dsbench: Dsbench, capture: String, suite extra: String = "", step: String = "",
               name: String = "nightly") throws -> (status: Int32, junit: String, verdict: [String: Any], stdout: String) {
        try dsbench.write("current.txt", try String(contentsOfFile: capture, encoding: .utf8))
        let suite = try dsbench.write("\(name).yaml", """
            suite: \(name)
            \(extra)
            steps:
              - name: allreduce
                command: [cat, \(dsbench.scratch.appendingPathComponent("current.txt").path)]
                parser: nccl-tests
            \(step)
            """)
        let folder = dsbench.scratch.appendingPathComponent("report-\(UUID().uuidString)").path
        let result = try dsbench.run(["check", suite, "--junit", "junit.xml", "--report", "json,md", "--report-dir", folder])
        let junit = try String(contentsOf: dsbench.scratch.appendingPathComponent("junit.xml"), encoding: .utf8)
        let report = try object(file: folder + "/report.json")
        let verdict = try #require(report["verdict"] as? [String: Any])
        // The one rule: the report says what the exit code says.
        #expect(verdict["exit_code"] as? Int == Int(result.status), "\(result)")
        #expect(junit.contains("failures=\"0\"") == (result.status != 1), "\(junit)")
        let markdown = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(markdown.contains("(exit code \(result.status), judged by `check`)"), "\(markdown.prefix(400))")
        return (result.status, junit, verdict, result.stdout)
    }

    @Test func oneGPUAllReduceIsNoVerdictAndSkippedInJUnit() throws {
        let dsbench = try Dsbench("verdict-1gpu")
        defer { dsbench.remove() }
        let capture = Fixtures.url("h200-x1/nccl_all_reduce_1gpu.txt").path
        for night in 1...2 {
            let result = try check(dsbench, capture: capture)
            #expect(result.status == 2, "night \(night): \(result.stdout)")
            #expect(result.verdict["status"] as? String == "no_verdict")
            #expect((result.verdict["reason"] as? String)?.contains("1 rank moves no data") == true, "\(result.verdict)")
            #expect(result.junit.contains("<testcase classname=\"dsbench.verdict\" name=\"run \(night) · no_verdict\">\n      <skipped "),
                    "\(result.junit)")
            #expect(!result.stdout.contains("PASS"), "\(result.stdout)")
        }
    }

    @Test func everyStepFailedIsExitTwoFromCheckAndCompareNeverOK() throws {
        let dsbench = try Dsbench("verdict-failed")
        defer { dsbench.remove() }
        let suite = try dsbench.write("broken.yaml", """
            suite: broken
            steps:
              - {name: a, command: [cat, /nonexistent/a.txt], parser: nccl-tests}
              - {name: b, command: [cat, /nonexistent/b.txt], parser: nccl-tests}
            """)
        let checked = try dsbench.run(["check", suite, "--junit", "j.xml"])
        #expect(checked.status == 2, "\(checked)")
        let junit = try String(contentsOf: dsbench.scratch.appendingPathComponent("j.xml"), encoding: .utf8)
        #expect(junit.contains("errors=\"3\""), "\(junit)")  // two steps and the verdict
        let compared = try dsbench.run(["compare", "1"])
        #expect(compared.status == 2, "\(compared)")
        #expect(compared.stdout.contains("· ERROR: 2 execution problems, nothing failed: execution.step"), "\(compared)")
        #expect(!compared.stdout.contains("OK") && !compared.stdout.contains("PASS"), "\(compared)")
        let show = try dsbench.run(["show", "1"])
        #expect(show.stdout.contains("verdict: ERROR: ") && show.stdout.contains("(exit 2, judged by compare"), "\(show)")
    }

    @Test func aVariantDeclaredDegradedIsNotAFaultOfTheMachine() throws {
        let dsbench = try Dsbench("verdict-expect")
        defer { dsbench.remove() }
        // The SHM capture with the node's topology (NV18 between every pair): P2P off → SHM.
        let topo = """
              - name: topo
                command: [cat, \(Dsbench.capture("a_topo-m.txt"))]
                parser: topo
            """
        let info = Dsbench.capture("e_p2p_disable_INFO.txt")
        let healthyMachine = try check(dsbench, capture: info, step: topo, name: "plain")
        #expect(healthyMachine.status == 1, "\(healthyMachine.stdout)")
        #expect(healthyMachine.stdout.contains("FAIL nccl.transport.shm [degraded]"), "\(healthyMachine.stdout)")
        // show and the report tie the slow all_reduce to what its node's checks found: P2P off, so SHM.
        let shown = try dsbench.run(["show", "latest"])
        #expect(shown.stdout.contains("\nslow collectives and what their node's checks found\n  local: allreduce#0@local: peak busbw 10.96 GB/s"), "\(shown.stdout)")
        #expect(shown.stdout.contains("[busbw.below_expected]\n    ← nccl.transport.shm: "), "\(shown.stdout)")
        let written = try dsbench.run(["report", "latest", "--format", "md,html", "-o", dsbench.scratch.appendingPathComponent("rep").path])
        #expect(written.status == 0, "\(written)")
        let markdown = try String(contentsOf: dsbench.scratch.appendingPathComponent("rep/report.md"), encoding: .utf8)
        #expect(markdown.contains("### Slow collectives and what their node's checks found"), "\(markdown)")
        #expect(markdown.contains("  - likely cause: nccl.transport.shm: "), "\(markdown)")
        let html = try String(contentsOf: dsbench.scratch.appendingPathComponent("rep/index.html"), encoding: .utf8)
        #expect(html.contains("<li>likely cause: nccl.transport.shm: "))

        let suite = try dsbench.write("declared2.yaml", """
            suite: declared2
            steps:
              - name: allreduce
                expect: degraded
                command: [cat, \(info)]
                parser: nccl-tests
            \(topo)
            """)
        let result = try dsbench.run(["check", suite])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("ADVICE nccl.transport.shm [degraded]")
                && result.stdout.contains("declares this step degraded on purpose"), "\(result)")
    }

    @Test func theSuiteMovesAdviceIntoFailures() throws {
        let dsbench = try Dsbench("verdict-policy")
        defer { dsbench.remove() }
        let info = Dsbench.capture("e_p2p_disable_INFO.txt")
        let topo = """
              - name: topo
                command: [cat, \(Dsbench.capture("a_topo-m.txt"))]
                parser: topo
            """
        let passed = try check(dsbench, capture: info, suite: "verdict: {pass: [nccl.transport.shm, busbw.below_expected]}",
                               step: topo, name: "lenient")
        #expect(passed.status == 0, "\(passed.stdout)")
        let bad = try dsbench.write("bad.yaml", "suite: x\nverdict: {fail: [nccl.transprot.shm]}\nsteps: [{inventory: {}}]\n")
        let refused = try dsbench.run(["check", bad])
        #expect(refused.status == 64 && (refused.stdout + refused.stderr).contains("verdict.fail: found 'nccl.transprot.shm'")
                && (refused.stdout + refused.stderr).contains("did you mean 'nccl.transport.shm'?"), "\(refused)")
    }

    @Test func socketLinesInsideOneNodeAreExitOneFromCompare() throws {
        let dsbench = try Dsbench("verdict-socket")
        defer { dsbench.remove() }
        let run = try dsbench.ingest(Fixtures.url("issue-11/socket_inside_node_INFO_lines.txt").path)
        let compared = try dsbench.run(["compare", run])
        #expect(compared.status == 1, "\(compared)")
        #expect(compared.stdout.contains("FAIL nccl.transport.net_in_node [degraded]"), "\(compared)")
    }

    @Test func fourNodesWithOneSlowFailNamingThatNode() throws {
        let dsbench = try Dsbench("verdict-fleet")
        defer { dsbench.remove() }
        let run = try dsbench.ingest(Dsbench.capture("b_all_reduce_8-8G_r1.txt"), extra: ["--node", "node1"])
        for node in ["node2", "node3"] {
            _ = try dsbench.ingest(Dsbench.capture("b_all_reduce_8-8G_r1.txt"), extra: ["--node", node, "--run", run])
        }
        _ = try dsbench.ingest(Dsbench.capture("e_p2p_disable.txt"), extra: ["--node", "node4", "--run", run])
        let compared = try dsbench.run(["compare", run, "--json"])
        #expect(compared.status == 1, "\(compared)")
        let verdict = try #require(try object(compared.stdout)["verdict"] as? [String: Any])
        let failed = (verdict["checks"] as? [[String: Any]] ?? []).filter { $0["outcome"] as? String == "fail" }
        #expect(failed.contains { $0["rule"] as? String == "fleet.outlier" && $0["node"] as? String == "node4" }, "\(failed)")
        #expect(!failed.contains { ["node1", "node2", "node3"].contains($0["node"] as? String ?? "") }, "\(failed)")
        let report = try dsbench.run(["report", run, "--format", "json", "-o", dsbench.scratch.appendingPathComponent("r").path])
        #expect(report.status == 0, "\(report)")
        let json = try object(file: dsbench.scratch.appendingPathComponent("r/report.json").path)
        #expect((json["verdict"] as? [String: Any])?["exit_code"] as? Int == 1)
        #expect((json["heatmaps"] as? [[String: Any]])?.first?["failed_nodes"] as? [String] == ["node4"], "\(json["heatmaps"] ?? "")")
    }
}
