import ArgumentParser
import DSBenchEngine
import Foundation

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "run",
        abstract: "Run a suite: execute every step, store raw outputs and parsed results.",
        discussion: "Prints the run id as the last line of stdout.\n\n" + ExitCode.documentation))

    @OptionGroup var suite: SuiteOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var labels: LabelOptions
    @Flag(name: .long, help: "Don't ask nccl-tests for its JSON output (-J).") var noNcclJson = false
    @OptionGroup var report: RunReportOptions
    @OptionGroup var ssh: SSHOptions

    func run() async throws {
        let (loaded, plan) = try suite.load()
        try suite.requireFromEnv(plan)
        let store = try storeOptions.open()
        let request = RunRequest(suiteName: loaded.suite.name, suiteText: loaded.storedText, suiteHash: loaded.sha256,
                                 plan: plan, labels: labels.labels, requestNcclJSON: !noNcclJson)
        let outcome = try await ssh.session(store: store, suite: loaded.suite).executeOnConsole(request)
        // A run is judged like a check (the suite's baseline, else auto) so its exit code, `show`
        // and the report say the same; the runner stores the verdict with the run's end.
        guard let judgement = outcome.judgement else {
            Console.out(String(outcome.runID))
            throw CommandFailure.interrupted
        }
        Console.info("verdict: \(judgement.verdict.headline)")
        if let formats = report.formats {
            for path in try ReportGeneration.write(runID: outcome.runID, judgement: judgement, store: store,
                                                   formats: formats, output: nil) {
                Console.info("report: \(path)")
            }
        }
        Console.out(String(outcome.runID))
        try Judging.exit(judgement.verdict)
    }
}
