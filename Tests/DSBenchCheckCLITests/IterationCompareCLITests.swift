import DSBenchTestSupport
import Foundation
import Testing

/// `-I 1` JSON captures from 2× H200 through the binary: ingest, baseline, compare, exit status.
@Suite struct IterationCompareCLITests {
    static func capture(_ name: String) -> String { Fixtures.url("h200-x2-iter/" + name).path }

    func ingestJSON(_ dsbench: Dsbench, _ name: String) throws -> String {
        let result = try dsbench.run(["ingest", "nccl-tests-json", Self.capture(name)])
        guard result.status == 0, Int64(result.lastLine) != nil else { throw DsbenchError(description: "\(result)") }
        return result.lastLine
    }

    /// Median per-iteration busbw (2 ranks: busbw = algbw = bytes / µs / 1e3) of `size` over files.
    static func medianBusbw(_ files: [String], size: Int64) throws -> Double {
        var values: [Double] = []
        for file in files {
            let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: capture(file)))) as? [String: Any]
            for case let row as [String: Any] in (root?["results"] as? [Any]) ?? [] where (row["size"] as? NSNumber)?.int64Value == size {
                for key in ["out_of_place_per_iter", "in_place_per_iter"] {
                    let times = ((row[key] as? [String: Any])?["times_us"] as? [NSNumber]) ?? []
                    values += times.map { Double(size) / ($0.doubleValue * 1e3) }
                }
            }
        }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    @Test func anIdenticalRunPassesOnPerIterationSamplesAndP2PDisabledFails() throws {
        let dsbench = try Dsbench("iter-compare")
        defer { dsbench.remove() }
        let r1 = try ingestJSON(dsbench, "j_all_reduce_I_r1.json")
        let r2 = try ingestJSON(dsbench, "j_all_reduce_I_r2.json")
        #expect(try dsbench.run(["baseline", "set", r1, r2, "--name", "iter-ref"]).status == 0)

        let r3 = try ingestJSON(dsbench, "j_all_reduce_I_r3.json")
        let ok = try dsbench.run(["compare", r3, "--baseline", "iter-ref"])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("tolerance+mann-whitney (per-iteration, n=40 vs 80)"), "\(ok)")
        #expect(!ok.stdout.contains("insufficient samples"), "\(ok)")
        let okJSON = try dsbench.run(["compare", r3, "--baseline", "iter-ref", "--json"])
        let okObject = try #require(try JSONSerialization.jsonObject(with: Data(okJSON.stdout.utf8)) as? [String: Any])
        let okSizes = try #require(((okObject["comparison"] as? [String: Any])?["series"] as? [[String: Any]])?.first?["sizes"]
            as? [[String: Any]])
        #expect(okSizes.count == 14)
        #expect(okSizes.allSatisfy { $0["samples"] as? String == "per-iteration" && $0["basis"] as? String == "tolerance+mann-whitney"
            && $0["candidate_samples"] as? Int == 40 && $0["baseline_samples"] as? Int == 80 })

        let p2p = try ingestJSON(dsbench, "j_all_reduce_I_p2p_disable.json")
        let bad = try dsbench.run(["compare", p2p, "--baseline", "iter-ref", "--json"])
        #expect(bad.status == 1, "\(bad)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
        #expect((json["verdict"] as? [String: Any])?["status"] as? String == "fail")
        let series = try #require(((json["comparison"] as? [String: Any])?["series"] as? [[String: Any]])?.first)
        let bandwidth = try #require((series["bands"] as? [[String: Any]])?.first { $0["band"] as? String == "bandwidth" })
        #expect(bandwidth["verdict"] as? String == "regression" && bandwidth["samples"] as? String == "per-iteration")
        #expect(bandwidth["basis_detail"] as? String == "tolerance+mann-whitney (per-iteration, n=40 vs 80)")
        // The drop, from the files: median over 128 and 512 MiB of the per-size median changes.
        let changes = try [134_217_728, 536_870_912].map { (size: Int64) in
            try Self.medianBusbw(["j_all_reduce_I_p2p_disable.json"], size: size)
                / Self.medianBusbw(["j_all_reduce_I_r1.json", "j_all_reduce_I_r2.json"], size: size) - 1
        }
        let expected = (changes[0] + changes[1]) / 2
        #expect(abs(((bandwidth["median_change"] as? Double) ?? 0) - expected) < 1e-9, "\(bandwidth) vs \(expected)")
        let text = try dsbench.run(["compare", p2p, "--baseline", "iter-ref"])
        #expect(text.status == 1 && text.stdout.contains("40 vs 80 per-iteration"), "\(text)")
    }

    @Test func aRunWithWrongElementsShowsItsCorrectnessFindingOnce() throws {
        let dsbench = try Dsbench("iter-wrong")
        defer { dsbench.remove() }
        let ref = try dsbench.ingest(Dsbench.capture("b_all_reduce_8-8G_r1.txt"))
        let row = "     8388608       2097152     float     sum      -1    79.57  105.43  184.50       0    79.31"
        let original = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        #expect(original.contains(row))
        let wrong = try dsbench.write("wrong.txt", original.replacingOccurrences(
            of: row, with: "     8388608       2097152     float     sum      -1    79.57  105.43  184.50      12    79.31"))
        let run = try dsbench.ingest(wrong)
        let compared = try dsbench.run(["compare", run, "--baseline", ref])
        #expect(compared.status == 1, "\(compared)")
        let show = try dsbench.run(["show", run])
        #expect(show.status == 0)
        // Listed once as a check (the headline names it too), whatever stored it (the rules, compare).
        #expect(show.stdout.components(separatedBy: "FAIL nccl.correctness [correctness]").count == 2, "\(show)")
    }
}
