import ArgumentParser
import DSBenchEngine
import DSBenchReport

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "compare",
        abstract: "Judge a run against a baseline: busbw per size and band, workload metrics, fleet, health rules.",
        discussion: """
            Makes the run's verdict (docs/regressions.md) and stores it with the findings, so `dsbench show` and \
            `dsbench report` say the same. Exit 0: pass; 1: fail (a regression, a fleet outlier, degraded hardware, \
            wrong results); 2: an execution problem, or no verdict (nothing could be compared); 64: no such run or baseline.
            """))

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
