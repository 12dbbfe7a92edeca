import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchReport
import DSBenchSSH
import DSBenchStore
import Foundation

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a suite: execute every step, store raw outputs and parsed results.",
        discussion: "Prints the run id as the last line of stdout.\n\n" + ExitCode.documentation)

    @OptionGroup var suite: SuiteOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .long, help: "Label the run (key=value), repeatable.") var label: [String] = []
    @Flag(name: .long, help: "Don't ask nccl-tests for its JSON output (-J).") var noNcclJson = false
    @Option(name: .long, help: "Also write a report (html,md,json) into reports/<suite>-<run>/.") var report: String?
    @OptionGroup var ssh: SSHOptions

    func validate() throws {
        if let report, ReportFormat.parseList(report).unknown != nil || ReportFormat.parseList(report).formats.isEmpty {
            throw ValidationError("--report expects formats separated by commas: html, md, json (got '\(report)')")
        }
        for l in label where !l.contains("=") {
            throw ValidationError("--label expects key=value (got '\(l)')")
        }
    }

    func run() async throws {
        let (loaded, plan) = try suite.load()
        try suite.requireFromEnv(plan)
        let store = try storeOptions.open()
        let labels = Dictionary(label.map { l -> (String, String) in
            let parts = l.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }, uniquingKeysWith: { _, new in new })
        let request = RunRequest(suiteName: loaded.suite.name, suiteText: loaded.storedText, suiteHash: loaded.sha256,
                                 plan: plan, labels: labels, requestNcclJSON: !noNcclJson)
        let outcome = try await RunSession.execute(request, store: store, version: DSBench.version,
                                                   ssh: ssh.settings(suite: loaded.suite.ssh),
                                                   nodeSSH: ssh.nodeSettings(suite: loaded.suite), parallel: ssh.parallel)
        // A run is judged like a check (the suite's baseline, else auto) so its exit code, `show`
        // and the report say the same; the runner stores the verdict with the run's end.
        guard let judgement = outcome.judgement else {
            Console.out(String(outcome.runID))
            throw Exit.interrupted
        }
        Console.info("verdict: \(judgement.verdict.headline)")
        if let report {
            for path in try ReportGeneration.write(runID: outcome.runID, judgement: judgement, store: store,
                                                   formats: ReportFormat.parseList(report).formats, output: nil) {
                Console.info("report: \(path)")
            }
        }
        Console.out(String(outcome.runID))
        try Judging.exit(judgement.verdict)
    }
}

/// Shared by `run` and `demo`: executes with Ctrl-C handling and progress on stderr.
enum RunSession {
    /// `holdingLock`: the caller (`check`) already holds the run lock for longer than the run.
    static func execute(_ request: RunRequest, store: Store, version: String, ssh: SSHSettings = .init(),
                        nodeSSH: [String: SSHSettings] = [:], parallel: Int = SSHCluster.defaultParallel, holdingLock: Bool = false) async throws -> RunOutcome {
        let lock = holdingLock ? nil : try RunLock.acquire(database: store.path)
        defer { lock?.release() }
        // Every local process of the run carries the token: if dsbench dies with its watchdog, the
        // next command finds what is left by it (StoreOptions).
        var request = request
        let token = LeftoverProcesses.newToken()
        request.processToken = token
        let environment = ProcessInfo.processInfo.environment.merging([LeftoverProcesses.variable: token]) { $1 }
        // Remote nodes share one session each for the whole run; `local` runs as child processes.
        let cluster = SSHCluster(settings: ssh, nodeSettings: nodeSSH, parallel: parallel)
        let progress = LiveProgress()
        defer { cluster.shutdown() }   // joins the SSH threads before the process exits
        let runner = Runner(store: store, version: version,
                            executorFor: { node -> any Executor in
                                node == "local" ? LocalExecutor(nodeName: node, environment: environment)
                                    : cluster.executor(for: node)
                            },
                            progress: { progress.handle($0) })
        let task = Task { try await runner.run(request) }
        let signals = SignalCancellation(onSignal: {
            Console.info("dsbench: interrupted — stopping running steps, keeping what finished")
            task.cancel()
        })
        defer { signals.restore() }
        let outcome: RunOutcome
        do {
            outcome = try await task.value
        } catch let refused as RunRecordingError {
            Console.error(refused.description)
            Console.out(String(refused.runID))
            throw Exit.internalError
        } catch {
            Console.error("run could not be recorded: \(error)")
            throw Exit.internalError
        }
        progress.finish()
        Progress.summary(outcome, dbPath: store.path)
        return outcome
    }
}
