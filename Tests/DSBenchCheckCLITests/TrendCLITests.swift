import DSBenchTestSupport
import Foundation
import Testing

@Suite struct TrendCLITests {
    @Test func trendMarksTheNightTheBandwidthDropped() throws {
        let dsbench = try Dsbench("trend")
        defer { dsbench.remove() }
        var ids: [String] = []
        let nights = ["b_all_reduce_8-8G_r1.txt", "b_all_reduce_8-8G_r2.txt", "b_all_reduce_8-8G_c1_n50.txt"]
        for night in nights + nights {
            ids.append(try dsbench.ingest(Dsbench.capture(night), extra: ["--suite", "nightly"]))
        }
        for _ in 0..<4 { ids.append(try dsbench.ingest(Dsbench.capture("e_p2p_disable.txt"), extra: ["--suite", "nightly"])) }
        let result = try dsbench.run(["trend", "nightly", "--json"])
        #expect(result.status == 0, "\(result)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["points"] as? [Any])?.count == 10)
        let changes = try #require(json["change_points"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect((changes.first?["run"] as? Int).map(String.init) == ids[6])
        let text = try dsbench.run(["trend", "nightly"])
        #expect(text.stdout.contains("◀ change point"), "\(text)")
    }
}
