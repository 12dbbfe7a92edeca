import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "check",
        abstract: "Cron mode: run a suite, judge it against its baseline and its fleet, write reports, exit 0/1/2/75.",
        discussion: """
            Takes an exclusive lock on <db>.lock first, so two scheduled checks never overlap. The baseline is \
            --baseline, else the suite's `regression.baseline`, else `auto` (the last good runs of the suite); \
            with no earlier run (the first night) it passes unless something else failed, and says the run can \
            become the baseline. --prometheus FILE writes the verdict and key figures for node_exporter's \
            textfile collector, --push URL sends them to a Pushgateway (exit 69 when that fails and the \
            verdict passed; docs/monitoring.md). Examples for cron and \
            systemd: docs/cron.md.
            """ + "\n\n" + ExitCode.documentation))

    @OptionGroup var suite: SuiteOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .long, help: "Baseline name, run id or `auto` (overrides the suite's regression.baseline).") var baseline: String?
    @Option(name: .long, help: "Write a JUnit XML report to this file.") var junit: String?
    @Option(name: .customLong("json-out"), help: "Write the JSON report to this file.") var jsonOut: String?
    @Flag(name: .long, help: "Print the JSON report on stdout instead of text.") var json = false
    @OptionGroup var labels: LabelOptions
    @Flag(name: .long, help: "Don't ask nccl-tests for its JSON output (-J).") var noNcclJson = false
    @OptionGroup var report: RunReportOptions
    @Option(name: .customLong("report-dir"), help: "Folder of --report (default reports/<suite>-<run>/).") var reportDir: String?
    @Option(name: .long, help: "Write the verdict and key figures for Prometheus to this file, atomically (node_exporter's textfile collector; docs/monitoring.md).")
    var prometheus: String?
    @Flag(name: .long, help: "Write --prometheus as OpenMetrics 1.0.") var openmetrics = false
    @OptionGroup var push: PushOptions
    @OptionGroup var ssh: SSHOptions

    func validate() throws {
        if reportDir != nil && report.report == nil { throw ValidationError("--report-dir needs --report") }
        if openmetrics && prometheus == nil { throw ValidationError("--openmetrics needs --prometheus FILE") }
    }

    func run() async throws {
        let (loaded, plan) = try suite.load()
        try suite.requireFromEnv(plan)
        let store = try storeOptions.open()
        // The same lock as `dsbench run` (<db>.lock): exit 75 when another run or check holds it.
        let lock = try StoreOptions.lock(store)
        defer { lock.release() }

        // A baseline named on the command line must exist before hours of steps are spent on a typo.
        if let baseline { try Judging.requireBaseline(baseline, store: store) }
        let request = RunRequest(suiteName: loaded.suite.name, suiteText: loaded.storedText, suiteHash: loaded.sha256,
                                 plan: plan, labels: labels.labels, requestNcclJSON: !noNcclJson,
                                 judging: RunJudging(baseline: baseline, judgedBy: "check"))
        let outcome = try await ssh.session(store: store, suite: loaded.suite, holdingLock: true).executeOnConsole(request)
        guard let judgement = outcome.judgement else { throw CommandFailure.interrupted }
        if let formats = report.formats {
            // The report renders this judgement and draws the baseline curve from the runs it compared with.
            for path in try ReportGeneration.write(runID: outcome.runID, judgement: judgement, store: store,
                                                   formats: formats, output: reportDir) {
                Console.info("report: \(path)")
            }
        }
        if let junit { try write(CheckJUnit.render(judgement), to: junit) }
        if let jsonOut { try write(ComparisonJSON.render(judgement), to: jsonOut) }
        var pushFailure: CommandFailure?
        if prometheus != nil || push.push != nil {
            do {
                // The stored verdict, as `export prometheus` reads it, so the two write the same text.
                try await MonitoringExport.write(runID: outcome.runID, judgement: try Judging.current(runID: outcome.runID, store: store),
                                                 store: store, file: prometheus,
                                                 openMetrics: openmetrics, push: push, stdoutWhenNoFile: false)
            } catch let failure as CommandFailure where failure.kind == .pushFailed {
                pushFailure = failure  // the verdict still prints; its exit code wins when it is not 0
            }
        }
        if json {
            Console.out(ComparisonJSON.render(judgement))  // the run id is its "run" key: stdout stays one JSON document
        } else {
            Console.out(ComparisonText.render(judgement))
            Console.out(String(outcome.runID))
        }
        // A failed push is still said when the verdict's code wins.
        if let failure = CommandFailure(verdict: judgement.verdict, message: pushFailure?.message) ?? pushFailure {
            throw failure
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure.internalError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
