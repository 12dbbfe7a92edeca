import DSBenchTestSupport
import Foundation
import Testing

/// The flow from the issue on logs made elsewhere: ingest two repeats, name them a baseline,
/// ingest a new capture, compare — exit 0 or 1.
@Suite struct CompareCLITests {
    @Test func ingestBaselineCompareExitsZeroForARepeatAndOneForP2PDisabled() throws {
        let dsbench = try Dsbench("compare")
        defer { dsbench.remove() }
        let r1 = try dsbench.ingest(Dsbench.capture("b_all_reduce_8-8G_r1.txt"))
        let r2 = try dsbench.ingest(Dsbench.capture("b_all_reduce_8-8G_r2.txt"))
        let set = try dsbench.run(["baseline", "set", r1, r2, "--name", "h200-ref", "--note", "two identical repeats"])
        #expect(set.status == 0, "\(set)")

        let list = try dsbench.run(["baseline", "list"])
        #expect(list.stdout.contains("h200-ref  runs \(r1),\(r2)") && list.stdout.contains("cron-test")
                && list.stdout.contains("two identical repeats"), "\(list)")

        let same = try dsbench.ingest(Dsbench.capture("b_all_reduce_8-8G_c1_n50.txt"))
        let ok = try dsbench.run(["compare", same, "--baseline", "h200-ref"])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("· PASS: 3 series bands within tolerance of baseline h200-ref"), "\(ok)")

        let p2p = try dsbench.ingest(Dsbench.capture("e_p2p_disable.txt"))
        // The node's inventory in the same run, so the health rules know the hardware (8 × H200, NV18).
        for (kind, capture) in [("query-gpu", "a_query-gpu_csv.txt"), ("topo", "a_topo-m.txt")] {
            let added = try dsbench.run(["ingest", kind, Dsbench.capture(capture), "--run", p2p])
            #expect(added.status == 0, "\(added)")
        }
        let bad = try dsbench.run(["compare", p2p, "--baseline", "h200-ref", "--json"])
        #expect(bad.status == 1, "\(bad)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["status"] as? String == "fail" && verdict["exit_code"] as? Int == 1)
        let comparison = try #require(json["comparison"] as? [String: Any])
        let series = try #require((comparison["series"] as? [[String: Any]])?.first)
        let bands = try #require(series["bands"] as? [[String: Any]])
        #expect(bands.map { $0["verdict"] as? String } == ["regression", "regression", "regression"])
        let bandwidth = try #require(bands.last)
        #expect(((bandwidth["median_change"] as? Double) ?? 0) < -0.96)
        // The health rules' reading of the same run is a check of the same verdict: busbw far below expected.
        let checks = try #require(verdict["checks"] as? [[String: Any]])
        let failed = checks.filter { $0["outcome"] as? String == "fail" }
        #expect(Set(failed.compactMap { $0["rule"] as? String }) == ["regression.busbw", "busbw.below_expected"], "\(failed)")
        let text = try dsbench.run(["compare", p2p, "--baseline", "h200-ref"])
        #expect(text.stdout.contains("FAIL busbw.below_expected [degraded]"), "\(text)")
        let okJSON = try dsbench.run(["compare", same, "--baseline", "h200-ref", "--json"])
        let okVerdict = try #require((try JSONSerialization.jsonObject(with: Data(okJSON.stdout.utf8)) as? [String: Any])?["verdict"]
                                     as? [String: Any])
        #expect((okVerdict["counts"] as? [String: Any])?["fail"] as? Int == 0)

        // The verdict is stored and `show` renders it, exit code included.
        let show = try dsbench.run(["show", p2p])
        #expect(show.status == 0 && show.stdout.contains("verdict: FAIL: ") && show.stdout.contains("(exit 1, judged by compare")
                && show.stdout.contains("bandwidth band"), "\(show)")
    }

    @Test func unknownBaselineIsAUsageErrorAndBaselinesCanBeRemoved() throws {
        let dsbench = try Dsbench("baseline-rm")
        defer { dsbench.remove() }
        let r1 = try dsbench.ingest(Dsbench.capture("b_all_reduce_8-8G_r1.txt"))
        #expect(try dsbench.run(["compare", r1, "--baseline", "nope"]).status == 64)
        #expect(try dsbench.run(["baseline", "set", r1, "--name", "auto"]).status == 64)
        #expect(try dsbench.run(["baseline", "set", r1, "--name", "ref"]).status == 0)
        let again = try dsbench.run(["baseline", "set", r1, "--name", "ref"])
        #expect(again.status == 64 && again.stderr.contains("--replace"), "\(again)")
        let show = try dsbench.run(["baseline", "show", "ref"])
        #expect(show.status == 0 && show.stdout.contains("by cron-test"), "\(show)")
        #expect(try dsbench.run(["baseline", "rm", "ref"]).status == 0)
        #expect(try dsbench.run(["baseline", "rm", "ref"]).status == 64)
    }

    @Test func aSlowNodeInOneRunIsAFleetOutlierWithoutAnyBaseline() throws {
        let dsbench = try Dsbench("fleet")
        defer { dsbench.remove() }
        let text = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        let file = try dsbench.write("all_reduce.txt", text)
        let run = try dsbench.ingest(file, extra: ["--node", "gpu-001"])
        for node in ["gpu-002", "gpu-003", "gpu-004", "gpu-005"] {
            _ = try dsbench.ingest(file, extra: ["--node", node, "--run", run])
        }
        let slow = try dsbench.write("gpu-006.log", scaledDown(text, by: 1.5))
        _ = try dsbench.ingest(slow, extra: ["--node", "gpu-006", "--run", run])
        let result = try dsbench.run(["compare", run])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("gpu-006 is a fleet outlier"), "\(result)")
        #expect(!result.stdout.contains("gpu-001 is a fleet outlier"))
    }
}

/// Times × factor, algbw and busbw ÷ factor on every result row; the rest as captured.
func scaledDown(_ text: String, by factor: Double) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        let fields = line.split(separator: " ").map(String.init)
        guard fields.count == 13, Int64(fields[0]) != nil else { return String(line) }
        var out = fields
        for i in [5, 9] { if let v = Double(out[i]) { out[i] = String(format: "%.2f", v * factor) } }
        for i in [6, 7, 10, 11] { if let v = Double(out[i]) { out[i] = String(format: "%.2f", v / factor) } }
        return "  " + out.joined(separator: "  ")
    }.joined(separator: "\n")
}
