import DSBenchCore
import DSBenchEngine
import DSBenchStore
import DSBenchVerdict

/// The CLI's side of judging: a missing baseline is a usage failure, and a verdict that does not
/// pass ends the command with its exit code.
enum Judging {
    static func judge(runID: Int64, baseline: String?, baselineRequired: Bool, by command: String,
                      store: Store) throws -> Judgement {
        do {
            return try RunJudgement.judge(runID: runID, baseline: baseline, baselineRequired: baselineRequired,
                                          judgedBy: command, record: true, store: store)
        } catch let missing as RunJudgement.BaselineMissing {
            throw CommandFailure(missing)
        }
    }

    /// A usage failure when `reference` (not `auto`) names no baseline or run.
    static func requireBaseline(_ reference: String, store: Store) throws {
        do {
            try RunJudgement.requireBaseline(reference, store: store)
        } catch let missing as RunJudgement.BaselineMissing {
            throw CommandFailure(missing)
        }
    }

    /// What `show` and `report` render: the stored verdict, else one made now (nothing written).
    static func current(runID: Int64, loaded: RunDetail? = nil, store: Store) throws -> Judgement {
        try RunJudgement.current(runID: runID, loaded: loaded, store: store)
    }

    static func exit(_ verdict: Verdict) throws(CommandFailure) {
        if let failure = CommandFailure(verdict: verdict) { throw failure }
    }
}
