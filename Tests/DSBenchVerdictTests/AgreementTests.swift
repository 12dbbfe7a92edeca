import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import DSBenchVerdict
import Foundation
import Testing

/// A run has one verdict: on every scenario of real captures, the exit code, the text of
/// `compare`/`check`, their JSON, JUnit, `show` (text and JSON) and the three report formats say
/// the same thing.
@Suite struct AgreementTests {
    @Test(arguments: Scenario.all) func everyRendererSaysTheSame(_ scenario: Scenario) throws {
        let world = try VerdictWorld()
        let (runID, baseline) = try scenario.build(world)
        let judgement = try RunJudgement.judge(runID: runID, baseline: baseline, baselineRequired: false,
                                               judgedBy: "check", record: true, store: world.store)
        let verdict = judgement.verdict
        let exit = verdict.exitCode
        #expect(exit == verdict.status.exitCode)

        // compare / check text and JSON.
        let text = ComparisonText.render(judgement)
        #expect(text.split(separator: "\n").first?.hasSuffix(verdict.headline) == true, "\(text)")
        let json = try object(ComparisonJSON.render(judgement))
        let verdictJSON = try #require(json["verdict"] as? [String: Any])
        #expect(verdictJSON["status"] as? String == verdict.status.rawValue)
        #expect(verdictJSON["exit_code"] as? Int == Int(exit))

        // JUnit: failures iff fail, errors iff error, a skipped verdict case iff no verdict.
        let junit = CheckJUnit.render(judgement)
        #expect(junit.contains("failures=\"0\"") == (verdict.status != .fail), "\(scenario): \(junit)")
        #expect(junit.contains("errors=\"0\"") == (verdict.status != .error), "\(scenario): \(junit)")
        let verdictCase = junit.components(separatedBy: "<testcase classname=\"dsbench.verdict\"").dropFirst().first ?? ""
        let verdictElement = verdictCase.components(separatedBy: "<testcase").first ?? ""
        #expect(verdictElement.contains("<skipped ") == (verdict.status == .noVerdict), "\(verdictElement)")
        #expect(verdictElement.contains("<failure ") == (verdict.status == .fail), "\(verdictElement)")

        // What `show` and `report` render is the stored verdict, whole.
        let stored = try RunJudgement.current(runID: runID, store: world.store)
        #expect(stored.stored && stored.verdict == verdict)
        let view = try ShowData.load(runID: runID, judgement: stored, store: world.store)
        #expect(RunText.render(view).contains("verdict: \(verdict.headline) (exit \(exit)"))
        let showJSON = try #require(try object(RunJSON.render(view))["verdict"] as? [String: Any])
        #expect(showJSON["exit_code"] as? Int == Int(exit))

        let model = try ReportData.load(runID: runID, store: world.store, options: ReportOptions(
            judgement: stored, baselineRunIDs: verdict.baseline?.runIDs ?? []))
        let report = try #require(try object(JSONReport().render(model))["verdict"] as? [String: Any])
        #expect(report["status"] as? String == verdict.status.rawValue && report["exit_code"] as? Int == Int(exit))
        #expect(MarkdownReport().render(model).contains("**Verdict: \(verdict.headline)** (exit code \(exit)"))
        let html = HTMLReport().render(model)
        #expect(html.contains("data-status=\"\(verdict.status.rawValue)\" data-exit-code=\"\(exit)\""))
        // The heatmap marks exactly the nodes the verdict failed in the fleet check.
        let fleetFailed = Set(verdict.checks.filter { $0.rule == "fleet.outlier" && $0.outcome == .fail }.compactMap(\.node))
        #expect(Set(model.heatmaps.flatMap(\.failedNodes)) == fleetFailed)
        // Every failed check is a problem of the report, and nothing else failed there.
        #expect(model.problems.filter { $0.outcome == .fail } == verdict.checks(.fail))
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}

/// A store of real captures ingested as `dsbench ingest` does.
struct VerdictWorld {
    let store: Store
    let ingestor: Ingestor

    init() throws {
        store = try Store.openInMemory()
        ingestor = Ingestor(store: store, version: "test")
    }

    /// A new run (or `runID`) holding `capture` (a path under Tests/Fixtures) from `node`.
    @discardableResult
    func ingest(_ capture: String, node: String = "local", into runID: Int64? = nil, suite: String = "nightly") throws -> Int64 {
        let bytes = Array(try Fixtures.text(capture).utf8)
        return try ingestor.ingest([Ingestor.File(kind: .ncclTests, path: capture, bytes: bytes)], node: node,
                                   runID: runID, suiteName: suite).runID
    }
}

struct Scenario: CustomTestStringConvertible, Sendable {
    var name: String
    /// Builds the runs; returns the candidate and the baseline reference (nil: auto).
    var build: @Sendable (VerdictWorld) throws -> (Int64, String?)
    var testDescription: String { name }

    static let healthy = "h200-x8/b_all_reduce_8-8G_r1.txt"
    static let healthy2 = "h200-x8/b_all_reduce_8-8G_r2.txt"
    static let p2pOff = "h200-x8/e_p2p_disable.txt"

    static let all: [Scenario] = [
        Scenario(name: "first night") { w in (try w.ingest(healthy), nil) },
        Scenario(name: "healthy twice") { w in try w.ingest(healthy); return (try w.ingest(healthy2), nil) },
        Scenario(name: "P2P off against a healthy baseline") { w in
            try w.ingest(healthy); try w.ingest(healthy2); return (try w.ingest(p2pOff), nil)
        },
        Scenario(name: "SHM transport in the INFO log") { w in (try w.ingest("h200-x8/e_p2p_disable_INFO.txt"), nil) },
        Scenario(name: "four nodes, one with P2P off") { w in
            let run = try w.ingest(healthy, node: "node1")
            for node in ["node2", "node3"] { try w.ingest(healthy, node: node, into: run) }
            try w.ingest(p2pOff, node: "node4", into: run)
            return (run, nil)
        },
        Scenario(name: "one GPU against one GPU") { w in
            let baseline = try w.ingest("h200-x1/nccl_all_reduce_1gpu.txt", suite: "one-gpu")
            return (try w.ingest("h200-x1/nccl_all_reduce_1gpu.txt", suite: "one-gpu"), String(baseline))
        },
        Scenario(name: "one-GPU broadcast") { w in (try w.ingest("h200-x1/nccl_broadcast_1gpu.txt", suite: "bcast"), nil) },
        Scenario(name: "sockets between the GPUs of one node") { w in
            (try w.ingest("issue-11/socket_inside_node_INFO_lines.txt"), nil)
        },
        Scenario(name: "against a named run of other hardware") { w in
            let other = try w.ingest("h200-x8/e_2gpu.txt")
            return (try w.ingest(healthy), String(other))
        },
    ]
}
