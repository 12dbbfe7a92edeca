import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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
            """ + "\n\n" + ExitCode.documentation)

    @OptionGroup var suite: SuiteOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .long, help: "Baseline name, run id or `auto` (overrides the suite's regression.baseline).") var baseline: String?
    @Option(name: .long, help: "Write a JUnit XML report to this file.") var junit: String?
    @Option(name: .customLong("json-out"), help: "Write the JSON report to this file.") var jsonOut: String?
    @Flag(name: .long, help: "Print the JSON report on stdout instead of text.") var json = false
    @Option(name: .long, help: "Label the run (key=value), repeatable.") var label: [String] = []
    @Flag(name: .long, help: "Don't ask nccl-tests for its JSON output (-J).") var noNcclJson = false
    @Option(name: .long, help: "Also write a report (html,md,json) against the check's baseline runs.") var report: String?
    @Option(name: .customLong("report-dir"), help: "Folder of --report (default reports/<suite>-<run>/).") var reportDir: String?
    @Option(name: .long, help: "Write the verdict and key figures for Prometheus to this file, atomically (node_exporter's textfile collector; docs/monitoring.md).")
    var prometheus: String?
    @Flag(name: .long, help: "Write --prometheus as OpenMetrics 1.0.") var openmetrics = false
    @OptionGroup var push: PushOptions
    @OptionGroup var ssh: SSHOptions

    func validate() throws {
        if let report, ReportFormat.parseList(report).unknown != nil || ReportFormat.parseList(report).formats.isEmpty {
            throw ValidationError("--report expects formats separated by commas: html, md, json (got '\(report)')")
        }
        if reportDir != nil && report == nil { throw ValidationError("--report-dir needs --report") }
        if openmetrics && prometheus == nil { throw ValidationError("--openmetrics needs --prometheus FILE") }
    }

    func run() async throws {
        let (loaded, plan) = try suite.load()
        try suite.requireFromEnv(plan)
        let store = try storeOptions.open()
        // The same lock as `dsbench run` (<db>.lock): exit 75 when another run or check holds it.
        let lock = try RunLock.acquire(database: store.path)
        defer { lock.release() }

        let labels = Dictionary(label.map { l -> (String, String) in
            let parts = l.split(separator: "=", maxSplits: 1)
            return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
        }, uniquingKeysWith: { _, new in new })
        // A baseline named on the command line must exist before hours of steps are spent on a typo.
        if let baseline { try Judging.requireBaseline(baseline, store: store) }
        let request = RunRequest(suiteName: loaded.suite.name, suiteText: loaded.storedText, suiteHash: loaded.sha256,
                                 plan: plan, labels: labels, requestNcclJSON: !noNcclJson,
                                 judging: RunJudging(baseline: baseline, judgedBy: "check"))
        let outcome = try await RunSession.execute(request, store: store, version: DSBench.version,
                                                   ssh: ssh.settings(suite: loaded.suite.ssh),
                                                   nodeSSH: ssh.nodeSettings(suite: loaded.suite), parallel: ssh.parallel,
                                                   holdingLock: true)
        guard let judgement = outcome.judgement else { throw Exit.interrupted }
        if let report {
            // The report renders this judgement and draws the baseline curve from the runs it compared with.
            for path in try ReportGeneration.write(runID: outcome.runID, judgement: judgement, store: store,
                                                   formats: ReportFormat.parseList(report).formats, output: reportDir) {
                Console.info("report: \(path)")
            }
        }
        if let junit { try write(CheckJUnit.render(judgement), to: junit) }
        if let jsonOut { try write(ComparisonJSON.render(judgement), to: jsonOut) }
        var pushFailed: ExitCode?
        if prometheus != nil || push.push != nil {
            do {
                // The stored verdict, as `export prometheus` reads it, so the two write the same text.
                try await MonitoringExport.write(runID: outcome.runID, judgement: try Judging.current(runID: outcome.runID, store: store),
                                                 store: store, file: prometheus,
                                                 openMetrics: openmetrics, push: push, stdoutWhenNoFile: false)
            } catch let code as ExitCode where code == Exit.pushFailed {
                pushFailed = code  // the verdict still prints; its exit code wins when it is not 0
            }
        }
        if json {
            Console.out(ComparisonJSON.render(judgement))  // the run id is its "run" key: stdout stays one JSON document
        } else {
            Console.out(ComparisonText.render(judgement))
            Console.out(String(outcome.runID))
        }
        try Judging.exit(judgement.verdict)
        if let pushFailed { throw pushFailed }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            Console.error("cannot write \(path): \(error.localizedDescription)")
            throw Exit.internalError
        }
    }
}
