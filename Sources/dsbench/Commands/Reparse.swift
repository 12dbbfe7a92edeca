import ArgumentParser
import DSBenchEngine

struct Reparse: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(commandName: "reparse", abstract: "Rebuild a run's parsed tables from its stored raw artifacts."))

    @Argument(help: "Run id or `latest`.") var runRef: RunReference
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var parseLimits: ParseLimitOptions

    func run() throws {
        let limits = try parseLimits.limits()
        let (store, lock) = try storeOptions.openLocked(purpose: "reparse")
        defer { lock.release() }
        let id = try runRef.resolve(in: store)
        let outcome = try Reparser.reparse(runID: id, store: store, limits: limits)
        Console.out("run \(id): reparsed \(outcome.artifacts) artifacts (\(outcome.diagnostics) diagnostics), "
            + "\(outcome.findings.count) health findings")
        // A judged run is judged again on what the parsers now say, against the same baseline runs,
        // so `show` and `report` never render a verdict made from tables that no longer exist.
        if let stored = try store.verdict(runID: id) {
            let baseline = try RunJudgement.current(runID: id, store: store).verdict.baseline?.runIDs
                .map(String.init).joined(separator: ",")
            let judgement = try Judging.judge(runID: id, baseline: baseline, baselineRequired: false,
                                              by: "reparse (was \(stored.judgedBy))", store: store)
            Console.out("verdict: \(judgement.verdict.headline)")
        }
    }
}
