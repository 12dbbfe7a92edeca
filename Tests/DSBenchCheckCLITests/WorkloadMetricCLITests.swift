import DSBenchTestSupport
import Foundation
import Testing

/// Issue 11's acceptance case for workload metrics: a nightly DDP job whose step time rose 30 %
/// over a stable baseline. The step replays the real 8×H200 torchrun capture byte for byte on the
/// baseline nights, and the same capture with every step_ms × 1.3 (samples/s ÷ 1.3) after.
@Suite struct WorkloadMetricCLITests {
    func suite(_ dsbench: Dsbench) throws -> String {
        try dsbench.write("ddp.yaml", """
            suite: ddp-nightly
            regression:
              baseline: auto
            steps:
              - name: ddp
                workload: [cat, \(dsbench.scratch.appendingPathComponent("tonight.log").path)]
                metrics:
                  - name: step_ms
                    regex: '^step \\d+ .*step_ms (?<step_ms>[0-9.]+)'
                    unit: ms
                    direction: lower
                    warmup: 5
                  - name: samples_per_s
                    regex: '^step \\d+ .*samples_per_s (?<samples_per_s>[0-9.]+)'
                    unit: samples/s
                    direction: higher
                    warmup: 5
            """)
    }

    /// The real capture with step times × `factor` and throughput ÷ `factor`; every other line as captured.
    static func capture(factor: Double) throws -> String {
        try Fixtures.h200("h_ddp_step_torchrun.txt").split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("step ") else { return String(line) }
            var words = line.split(separator: " ").map(String.init)
            for i in words.indices.dropLast() {
                if words[i] == "step_ms", let v = Double(words[i + 1]) { words[i + 1] = String(format: "%.2f", v * factor) }
                if words[i] == "samples_per_s", let v = Double(words[i + 1]) { words[i + 1] = String(format: "%.1f", v / factor) }
            }
            return words.joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test func aThirtyPercentSlowerStepFailsCheckAndCompareAndTheTrendMarksTheNight() throws {
        let dsbench = try Dsbench("workload-metrics")
        defer { dsbench.remove() }
        let suite = try suite(dsbench)
        try dsbench.write("tonight.log", try Fixtures.h200("h_ddp_step_torchrun.txt"))
        for night in 1...3 {
            let ok = try dsbench.run(["check", suite, "--junit", "ok.xml"])
            #expect(ok.status == 0, "night \(night): \(ok)")
        }
        let okXML = try String(contentsOf: dsbench.scratch.appendingPathComponent("ok.xml"), encoding: .utf8)
        #expect(okXML.contains("failures=\"0\"") && okXML.contains("classname=\"dsbench.regression.metric\" name=\"ddp on local: step_ms (lower is better)\"/>"),
                "\(okXML)")

        try dsbench.write("tonight.log", try Self.capture(factor: 1.3))
        let bad = try dsbench.run(["check", suite, "--junit", "bad.xml", "--json-out", "bad.json"])
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.stdout.contains("· FAIL: 2 checks failed: regression.metric") && bad.stdout.contains("workload metrics:"), "\(bad)")
        let row = try #require(bad.stdout.split(separator: "\n").first { $0.hasPrefix("  ddp on local: step_ms (lower is better)") })
        #expect(["40.95 ms", "31.50 ms", "+30.0 %", "+15.0 %", "REGRESSION", "tolerance+mann-whitney (per-step, n=25 vs 75)"]
            .allSatisfy { row.contains($0) }, "\(row)")
        let xml = try String(contentsOf: dsbench.scratch.appendingPathComponent("bad.xml"), encoding: .utf8)
        #expect(xml.contains("failures=\"3\"") && xml.contains("<failure message=\"ddp on local: step_ms regressed: median 40.95 ms"),
                "\(xml)")
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: dsbench.scratch.appendingPathComponent("bad.json"))) as? [String: Any])
        #expect((json["verdict"] as? [String: Any])?["status"] as? String == "fail")
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(metrics["baseline_runs"] as? [Int] == [1, 2, 3] && metrics["regression"] as? Bool == true)
        let series = try #require(metrics["series"] as? [[String: Any]])
        #expect(series.map { $0["metric"] as? String } == ["samples_per_s", "step_ms"])
        #expect(series.map { $0["verdict"] as? String } == ["regression", "regression"])
        let step = try #require(series.last)
        #expect(step["basis"] as? String == "tolerance+mann-whitney" && step["candidate_samples"] as? Int == 25
                && step["baseline_samples"] as? Int == 75, "\(step)")
        #expect(abs(((step["change"] as? Double) ?? 0) - 0.30) < 0.002, "\(step)")

        // `compare` of the same night against the same auto baseline: exit 1, the finding recorded.
        let compare = try dsbench.run(["compare", "4"])
        #expect(compare.status == 1 && compare.stdout.contains("auto (last 3 runs: 1, 2, 3)"), "\(compare)")
        let show = try dsbench.run(["show", "4", "--json"])
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let rules = ((shown["findings"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.filter { $0 == "regression.metric" }.count == 2, "\(show)")

        for night in 5...6 {
            // `run` judges like `check`: each slow night fails its own verdict against nights 1–3.
            let slow = try dsbench.run(["run", suite])
            #expect(slow.status == 1, "night \(night): \(slow)")
        }
        let trend = try dsbench.run(["trend", "ddp-nightly", "--metric", "step_ms"])
        #expect(trend.status == 0, "\(trend)")
        let lines = trend.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && ($0.dropFirst(2).first?.isNumber ?? false) }
        #expect(lines.count == 6, "\(trend)")
        #expect(lines.filter { $0.contains("◀ change point") }.map { $0.split(separator: " ").first } == ["4"], "\(trend)")
        #expect(lines[3].contains("40.95 ms") && lines[3].contains("◀ change point: mean 31.50 ms → 40.95 ms (+30.0 %)"), "\(trend)")
        let trendJSON = try dsbench.run(["trend", "ddp-nightly", "--metric", "step_ms", "--json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(trendJSON.stdout.utf8)) as? [String: Any])
        #expect(parsed["unit"] as? String == "ms" && parsed["direction"] as? String == "lower")
        #expect((parsed["points"] as? [Any])?.count == 6)
        #expect((parsed["change_points"] as? [[String: Any]])?.map { $0["run"] as? Int } == [4], "\(trendJSON)")
        // busbw's size options are not a workload metric's.
        let wrong = try dsbench.run(["trend", "ddp-nightly", "--metric", "step_ms", "--band", "mid"])
        #expect(wrong.status == 64 && wrong.stderr.contains("step_ms is a workload metric"), "\(wrong)")
    }
}
