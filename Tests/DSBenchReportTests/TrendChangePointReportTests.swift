import DSBenchAnalyze
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// The report's trend marks the change points of the trend analysis (`ChangePoints`), computed in
/// the model: six nights of real NVLink all_reduce captures, then four with NCCL_P2P_DISABLE=1.
@Suite struct TrendChangePointReportTests {
    @Test func theNightP2PWasDisabledIsAChangePointInModelMarkdownHTMLAndJSON() throws {
        let directory = try makeScratchDirectory("dsbench-report-trend")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("t.db").path)
        let ingestor = Ingestor(store: store, version: "test", clock: { Date(timeIntervalSince1970: 1_795_341_600) })
        let good = ["b_all_reduce_8-8G_r1.txt", "b_all_reduce_8-8G_r2.txt", "b_all_reduce_8-8G_c1_n50.txt"]
        var ids: [Int64] = []
        for capture in good + good + Array(repeating: "e_p2p_disable.txt", count: 4) {
            let file = Ingestor.File(kind: .ncclTests, path: "all_reduce.txt", bytes: Array(try Fixtures.data("h200-x8/" + capture)))
            ids.append(try ingestor.ingest([file], node: "h200-a", runID: nil, suiteName: "nightly").runID)
        }
        let runID = try #require(ids.last)
        let model = try ReportData.judged(runID: runID, store: store)
        let trend = try #require(model.trend.first)
        #expect(trend.points.count == 10)

        // The same detection `dsbench trend` runs, over the same points.
        let expected = ChangePoints.detect(trend.points.map(\.busbw))
        #expect(expected.count == 1)
        let change = try #require(trend.changePoints.first)
        #expect(trend.changePoints.count == 1)
        #expect(change.pointIndex == 6 && change.runID == ids[6])
        #expect(change.meanBefore == expected[0].meanBefore && change.meanAfter == expected[0].meanAfter)
        #expect(change.meanAfter < change.meanBefore * 0.5, "shared memory is far slower than NVLink")
        #expect(abs((change.changePercent ?? 0) - (change.meanAfter - change.meanBefore) / change.meanBefore * 100) < 1e-9)

        let markdown = MarkdownReport().render(model)
        #expect(markdown.contains("| change points |"))
        #expect(markdown.contains("run \(ids[6]): "), "\(markdown)")
        let html = HTMLReport().render(model)
        #expect(html.contains("<p>Change points (red rings, thin lines): run \(ids[6]): "))
        #expect(html.contains(", change point</title>"), "the first run after the change is flagged on the chart")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport().render(model).utf8)) as? [String: Any])
        let changes = try #require((json["trend"] as? [[String: Any]])?.first?["change_points"] as? [[String: Any]])
        #expect(changes.map { $0["run_id"] as? Int } == [Int(ids[6])])

        // A run before the drop has no change point in its report.
        let earlier = try ReportData.judged(runID: ids[5], store: store)
        #expect(earlier.trend.allSatisfy { $0.changePoints.isEmpty })
    }
}
