import DSBenchCore
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing
import DSBenchAnalysisStore
@testable import DSBenchAnalyze

/// The fleet check on fleets whose healthy nodes agree closely (issue 11 item 3): real 8×H200
/// captures replayed as nodes of one run.
@Suite struct FleetReportTests {
    private func fleet(_ nodes: [(String, String)]) throws -> (CaptureStore, Int64) {
        let captures = try CaptureStore()
        var runID: Int64?
        for (node, capture) in nodes {
            runID = try captures.ingest(bytes: Array(try Fixtures.h200(capture).utf8), name: "all_reduce.txt",
                                        node: node, into: runID)
        }
        return (captures, try #require(runID))
    }

    @Test func aNodeAtThreePercentOfThreeIdenticalPeersIsTheOutlier() throws {
        let healthy = "b_all_reduce_8-8G_r1.txt"
        let (captures, run) = try fleet([("gpu-001", healthy), ("gpu-002", healthy), ("gpu-003", healthy),
                                         ("gpu-004", "e_p2p_disable.txt")])
        let report = try RegressionCheck.fleetReport(runID: run, store: captures.store)
        #expect(report.outliers.map(\.node) == ["gpu-004"])
        let outlier = try #require(report.outliers.first)
        #expect(outlier.band == .bandwidth && outlier.change < -0.96 && outlier.robustZ < -30)
        let group = try #require(report.judged.first)
        #expect(report.judged.count == 1 && report.tooFewPeers.isEmpty && report.noCommonBand.isEmpty)
        #expect(group.nodes == ["gpu-001", "gpu-002", "gpu-003", "gpu-004"] && group.band == .bandwidth)
        #expect(group.noiseFloor == 0.02 && group.members.map(\.isOutlier) == [false, false, false, true])
        #expect(group.peerMedian == group.members[0].value)  // three identical peers: MAD = 0
        #expect(group.members.prefix(3).allSatisfy { $0.robustZ == 0 })
        // Without the floor the MeanAD fallback caps |z| at 4/1.253314 ≈ 3.19: nothing was flagged.
        let plain = RobustZ.scores(group.members.map(\.value))
        #expect(abs((plain[3] ?? 0) + 4 / RobustZ.meanADConsistency) < 1e-9)
        #expect(try captures.store.findings(runID: run, source: "fleet").map(\.finding.node) == ["gpu-004"])
    }

    @Test func fourIdenticalNodesHaveNoOutlier() throws {
        let (captures, run) = try fleet((1...4).map { ("gpu-00\($0)", "b_all_reduce_8-8G_r1.txt") })
        let report = try RegressionCheck.fleetReport(runID: run, store: captures.store)
        #expect(report.outliers.isEmpty)
        #expect(report.judged.map(\.nodes) == [["gpu-001", "gpu-002", "gpu-003", "gpu-004"]])
        #expect(report.judged.first?.members.allSatisfy { $0.robustZ == 0 && !$0.isOutlier } == true)
    }

    @Test func twoNodesAreTooFewPeers() throws {
        let (captures, run) = try fleet([("gpu-001", "b_all_reduce_8-8G_r1.txt"), ("gpu-002", "e_p2p_disable.txt")])
        let report = try RegressionCheck.fleetReport(runID: run, store: captures.store)
        #expect(report.outliers.isEmpty && report.judged.isEmpty)
        let skipped = try #require(report.tooFewPeers.first)
        #expect(report.tooFewPeers.count == 1)
        #expect(skipped.count == 2 && skipped.nodes == ["gpu-001", "gpu-002"] && skipped.minimumPeers == 3)
        #expect(skipped.series.collective == "all_reduce" && skipped.series.node == "*")
        #expect(FleetCheck.outliers(try captures.store.ncclStepResults(runIDs: [run])).isEmpty)
    }

    @Test func theNoiseFloorBoundsTheScale() {
        // Three equal peers and one at 3 %: the scale is 2 % of the median, not MAD = 0.
        let z = RobustZ.scores([1, 1, 1, 0.03], noiseFloor: 0.02)
        #expect(z[0] == 0 && abs((z[3] ?? 0) - RobustZ.consistency * -0.97 / 0.02) < 1e-9)
        // A MAD above the floor is the scale, as before.
        let wide = [10.0, 12, 14, 16, 18]
        #expect(RobustZ.scores(wide, noiseFloor: 0.02) == RobustZ.scores(wide))
        // Floor 0 (or nonsense) keeps the plain modified z and its MeanAD fallback.
        #expect(RobustZ.scores([1, 1, 1, 0.03], noiseFloor: 0) == RobustZ.scores([1, 1, 1, 0.03]))
        #expect(RobustZ.scores([1, 1, 1, 0.03], noiseFloor: .nan) == RobustZ.scores([1, 1, 1, 0.03]))
        #expect(RobustZ.scores([0, 0, 0, 1], noiseFloor: 0.02)[3] == 1 / (RobustZ.meanADConsistency * 0.25))
        #expect(FleetCheck.noiseFloor(.latency) > FleetCheck.noiseFloor(.mid)
            && FleetCheck.noiseFloor(.mid) > FleetCheck.noiseFloor(.bandwidth))
    }

    @Test func metricGroupsOnTooFewNodesAreSaidSo() {
        func input(_ node: String, _ value: Double) -> MetricFleetCheck.Input {
            MetricFleetCheck.Input(stepName: "train", node: node,
                                   metric: MetricValue(name: "step_ms", value: value, unit: "ms", direction: .lower))
        }
        let two = MetricFleetCheck.report([input("a", 100), input("b", 130)])
        #expect(two.outliers.isEmpty && two.judged.isEmpty && two.tooFewPeers.map(\.nodes) == [["a", "b"]])
        // Three equal nodes and one 30 % slower: with the 2 % floor it is an outlier (MAD = 0 capped it at 3.2 before).
        let four = MetricFleetCheck.report([input("a", 100), input("b", 100), input("c", 100), input("d", 130)])
        #expect(four.outliers.map(\.node) == ["d"] && four.judged.first?.peerMedian == 100)
    }
}
