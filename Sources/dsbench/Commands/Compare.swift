import DSBenchCore
import ArgumentParser
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchVerdict
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Judge a run against a baseline: busbw per size and band, workload metrics, fleet, health rules.",
        discussion: """
            Makes the run's verdict (docs/regressions.md) and stores it with the findings, so `dsbench show` and \
            `dsbench report` say the same. Exit 0: pass; 1: fail (a regression, a fleet outlier, degraded hardware, \
            wrong results); 2: an execution problem, or no verdict (nothing could be compared); 64: no such run or baseline.
            """)

    @Argument(help: "Run id or `latest`.") var runRef: RunReference
    @Option(name: .long, help: "Baseline name, a run id (or ids separated by commas), or `auto` (the last good runs of the suite). Default: the suite's `regression.baseline`, else auto.")
    var baseline: String?
    @Flag(name: .long, help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let (store, lock) = try storeOptions.openLocked(purpose: "compare")
        defer { lock.release() }
        let id = try runRef.resolve(in: store)
        let judgement = try Judging.judge(runID: id, baseline: baseline, baselineRequired: true, by: "compare", store: store)
        Console.out(json ? ComparisonJSON.render(judgement) : ComparisonText.render(judgement))
        try Judging.exit(judgement.verdict)
    }
}

/// The CLI's side of judging: typed failures mapped to exit codes, and the verdict's exit code thrown.
enum Judging {
    static func judge(runID: Int64, baseline: String?, baselineRequired: Bool, by command: String,
                      store: Store) throws -> Judgement {
        do {
            return try RunJudgement.judge(runID: runID, baseline: baseline, baselineRequired: baselineRequired,
                                          judgedBy: command, record: true, store: store)
        } catch let missing as RunJudgement.BaselineMissing {
            Console.error(missing.description)
            throw Exit.usage
        }
    }

    /// Exit 64 when `reference` (not `auto`) names no baseline or run.
    static func requireBaseline(_ reference: String, store: Store) throws {
        do {
            try RunJudgement.requireBaseline(reference, store: store)
        } catch let missing as RunJudgement.BaselineMissing {
            Console.error(missing.description)
            throw Exit.usage
        }
    }

    /// What `show` and `report` render: the stored verdict, else one made now (nothing written).
    static func current(runID: Int64, loaded: RunDetail? = nil, store: Store) throws -> Judgement {
        try RunJudgement.current(runID: runID, loaded: loaded, store: store)
    }

    static func exit(_ verdict: Verdict) throws {
        if verdict.exitCode != 0 { throw ExitCode(verdict.exitCode) }
    }
}
