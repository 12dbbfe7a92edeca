import DSBenchAnalyze
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// `show` and the report on the real 1×H200 captures: the in-place broadcast no-op (`9e+06`
/// GB/s) is no maximum and no curve point, a 1-rank all_reduce is "not measured on 1 rank".
@Suite struct ShowPlausibilityTests {
    private func store(_ captures: [String]) throws -> (Store, [Int64], URL) {
        let directory = try makeScratchDirectory("dsbench-show-plausible")
        let store = try Store.open(path: directory.appendingPathComponent("p.db").path)
        let ingestor = Ingestor(store: store, version: "test", clock: { Date(timeIntervalSince1970: 1_795_341_600) })
        var ids: [Int64] = []
        for capture in captures {
            let file = Ingestor.File(kind: .ncclTests, path: "nccl.txt", bytes: Array(try Fixtures.data("h200-x1/" + capture)))
            ids.append(try ingestor.ingest([file], node: "vm", runID: nil, suiteName: "one-gpu").runID)
        }
        return (store, ids, directory)
    }

    private func stepLine(_ text: String) throws -> String {
        try #require(text.split(separator: "\n").map(String.init).first { $0.hasPrefix("  1 ") })
    }

    @Test func theBroadcastsMaximumIsThePlausibleLocalCopy() throws {
        let (store, ids, directory) = try store(["nccl_broadcast_1gpu.txt"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let view = try ShowData.judged(runID: ids[0], store: store)
        let text = RunText.render(view)
        let line = try stepLine(text)
        #expect(line.hasSuffix("broadcast ×1: max busbw 2148.50 GB/s, avg 520.54, 31 rows, 14 implausible values left out"), "\(text)")
        for raw in ["9e+06", "9000000", "10000000", "306333"] { #expect(!line.contains(raw), "\(raw) in \(line)") }
        let json = RunJSON.render(view)
        #expect(json.contains("\"max_busbw\": 2148.5") && json.contains("\"avg_busbw_printed\": 306333"), "\(json)")
        #expect(json.contains("\"implausible_values\": 14"))

        // The report's curve and trend: no point above the H200's 4800 GB/s.
        let model = try ReportData.judged(runID: ids[0], store: store)
        let points = model.collectives.flatMap(\.series).flatMap(\.points)
        #expect(points.last?.busbw == 2148.5 && points.allSatisfy { $0.busbw <= 4800 })
    }

    @Test func aOneRankAllReduceIsNotMeasuredAndDrawsNoCurve() throws {
        let (store, ids, directory) = try store(["nccl_all_reduce_1gpu.txt", "nccl_all_reduce_1gpu.txt"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let view = try ShowData.judged(runID: ids[1], store: store)
        let line = try stepLine(RunText.render(view))
        #expect(line.hasSuffix("all_reduce ×1: not measured on 1 rank (busbw is 0 by definition), 32 rows"), "\(line)")
        #expect(!line.contains("max busbw"))
        #expect(RunJSON.render(view).contains("\"not_measured_one_rank\": true"))
        let model = try ReportData.judged(runID: ids[1], store: store, baselines: [ids[0]])
        #expect(model.collectives.flatMap(\.series).isEmpty && model.trend.isEmpty && model.heatmaps.isEmpty)
    }
}
