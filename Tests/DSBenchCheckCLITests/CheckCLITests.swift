import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench check SUITE` as cron runs it: a suite whose step replays a real capture.
@Suite struct CheckCLITests {
    /// A suite whose only step prints `current.txt` (a capture the test swaps between nights).
    func nightly(_ dsbench: Dsbench, extra: String = "") throws -> String {
        try dsbench.write("nightly.yaml", """
            suite: nightly
            regression:
              baseline: auto
              tolerance: {bandwidth: 5%}
            steps:
              - name: allreduce
                command: [cat, \(dsbench.scratch.appendingPathComponent("current.txt").path)]
                parser: nccl-tests
                regression:
                  tolerance: {mid: 30%}
            \(extra)
            """)
    }

    func tonight(_ dsbench: Dsbench, _ capture: String) throws {
        try dsbench.write("current.txt", try Fixtures.h200(capture))
    }

    @Test func nightlyChecksExitZeroThenOneWithJUnitAndJSON() throws {
        let dsbench = try Dsbench("check")
        defer { dsbench.remove() }
        let suite = try nightly(dsbench)

        try tonight(dsbench, "b_all_reduce_8-8G_r1.txt")
        let first = try dsbench.run(["check", suite])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("PASS: no baseline yet: this run can become one"), "\(first)")  // the first night

        try tonight(dsbench, "b_all_reduce_8-8G_r2.txt")
        let second = try dsbench.run(["check", suite, "--json"])
        #expect(second.status == 0, "\(second)")
        let secondJSON = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let secondVerdict = try #require(secondJSON["verdict"] as? [String: Any])
        #expect(secondJSON["run"] as? Int == 2 && secondVerdict["status"] as? String == "pass" && secondVerdict["exit_code"] as? Int == 0)

        try tonight(dsbench, "b_all_reduce_8-8G_c1_n50.txt")
        let same = try dsbench.run(["check", suite, "--junit", "ok.xml"])
        #expect(same.status == 0, "\(same)")
        let okXML = try String(contentsOf: dsbench.scratch.appendingPathComponent("ok.xml"), encoding: .utf8)
        #expect(okXML.contains("failures=\"0\""), "\(okXML)")

        try tonight(dsbench, "e_p2p_disable.txt")
        let bad = try dsbench.run(["check", suite, "--junit", "bad.xml", "--json-out", "bad.json"])
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.stdout.contains("auto (last 3 runs: 1, 2, 3)"), "\(bad)")
        let xml = try String(contentsOf: dsbench.scratch.appendingPathComponent("bad.xml"), encoding: .utf8)
        // Three regressed bands and the verdict itself.
        #expect(xml.contains("failures=\"4\"") && xml.contains("<failure message=\"busbw regressed: 7 of 7 sizes worse than the -5.0 % tolerance"), "\(xml)")
        #expect(xml.contains("worse than the -30.0 % tolerance"))  // the step's own mid-band tolerance
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: dsbench.scratch.appendingPathComponent("bad.json"))) as? [String: Any])
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["status"] as? String == "fail" && verdict["exit_code"] as? Int == 1)

        // The regressed night is not part of the next auto baseline.
        try tonight(dsbench, "b_all_reduce_8-8G_r1.txt")
        let next = try dsbench.run(["check", suite])
        #expect(next.status == 0, "\(next)")
        // …and the label says so.
        #expect(next.stdout.contains("auto (last 3 runs: 1, 2, 3; skipped 4 (regression))"), "\(next)")
    }

    @Test func aFailingStepIsExitTwoAndABadSuiteIs64() throws {
        let dsbench = try Dsbench("check-exec")
        defer { dsbench.remove() }
        let suite = try dsbench.write("broken.yaml", """
            suite: broken
            steps:
              - name: missing
                command: [cat, /nonexistent/capture.txt]
                parser: nccl-tests
            """)
        let result = try dsbench.run(["check", suite])
        #expect(result.status == 2, "\(result)")
        let invalid = try dsbench.write("invalid.yaml", """
            suite: invalid
            regression:
              tolerance: {bandwidth: 5}
            steps:
              - inventory:
            """)
        let usage = try dsbench.run(["check", invalid])
        #expect(usage.status == 64 && usage.stderr.contains("write 5% for a percentage"), "\(usage)")
    }

    @Test func aSecondCheckWhileTheFirstHoldsTheLockExits75() throws {
        let dsbench = try Dsbench("lock")
        defer { dsbench.remove() }
        // The first check holds the lock until the test lets it go (at most 30 s; a step that was
        // never let go fails), not for a fixed nap that a slow second start could outlast.
        let release = dsbench.scratch.appendingPathComponent("release")
        let suite = try dsbench.write("slow.yaml", """
            suite: slow
            steps:
              - name: wait
                command: [sh, -c, 'i=0; while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; test -e "$1"', sh, '\(release.path)']
            """)
        let first = try dsbench.start(["check", suite])
        // Wait until the first process has written its pid into the lock file, i.e. holds the lock.
        let lockFile = dsbench.db + ".lock"
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? ""
            if text.trimmingCharacters(in: .whitespacesAndNewlines) == String(first.0.processIdentifier) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let second = try dsbench.run(["check", suite])
        try Data().write(to: release)
        #expect(second.status == 75, "\(second)")
        #expect(second.stderr.contains("pid \(first.0.processIdentifier)"), "\(second)")
        let firstResult = Dsbench.finish(first)
        #expect(firstResult.status == 0, "\(firstResult)")
        // Released on exit: the next check runs.
        #expect(try dsbench.run(["check", suite]).status == 0)
    }
}
