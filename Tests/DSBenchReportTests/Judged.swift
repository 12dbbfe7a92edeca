import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchVerdict

/// Reports and `show` as the CLI builds them: the run judged first (as `compare` does, findings
/// and verdict stored), then rendered.
extension ReportData {
    static func judged(runID: Int64, store: Store, baselines: [Int64] = [],
                       policy: RegressionPolicy = RegressionPolicy()) throws -> ReportModel {
        let judgement = try RunJudgement.judge(
            runID: runID, baseline: baselines.isEmpty ? nil : baselines.map(String.init).joined(separator: ","),
            baselineRequired: !baselines.isEmpty, judgedBy: "test", record: true, store: store)
        return try ReportData.load(runID: runID, store: store,
                                   options: ReportOptions(judgement: judgement, baselineRunIDs: baselines, policy: policy))
    }
}

extension ShowData {
    static func judged(runID: Int64, store: Store) throws -> RunView {
        try ShowData.load(runID: runID, judgement: try RunJudgement.current(runID: runID, store: store), store: store)
    }
}
