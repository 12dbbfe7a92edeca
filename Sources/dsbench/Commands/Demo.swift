import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchVerdict
import Foundation

/// The README's first command. On a node with GPUs it runs `Suites/smoke.yaml`; without them it
/// ingests the bundled real 8×H200 captures into one run and shows it, so a fresh clone shows
/// what dsbench stores and reports without any hardware.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "demo",
        abstract: "Run Suites/smoke.yaml on local GPUs, or — with no GPU — ingest the bundled real H200 captures and show them."))

    @Option(name: .long, help: "Folder of bundled captures used when there is no GPU.")
    var captures = "Tests/Fixtures/h200-x8"
    @Flag(name: .long, help: "Ingest the captures even if nvidia-smi is present.") var replay = false
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        if !replay, let smi = ExecutableLookup.find("nvidia-smi") {
            Console.info("dsbench demo: \(smi) found — running Suites/smoke.yaml on this node")
            var options = try SuiteOptions.parse(["Suites/smoke.yaml"])
            options.only = []
            let (loaded, plan) = try options.load()
            let store = try storeOptions.open()
            let outcome = try await RunSession(store: store, version: DSBench.version).executeOnConsole(
                RunRequest(suiteName: loaded.suite.name, suiteText: loaded.storedText, suiteHash: loaded.sha256, plan: plan,
                           judging: RunJudging(judgedBy: "demo")))
            guard let judgement = outcome.judgement else { throw CommandFailure.interrupted }
            Console.out(RunText.render(try ShowData.load(runID: outcome.runID, judgement: judgement, store: store)))
            Self.closing(judgement.verdict, runID: outcome.runID, suite: loaded.suite.name)
            try Judging.exit(judgement.verdict)
            return
        }
        Console.info("dsbench demo: no nvidia-smi on PATH — ingesting the real 8×H200 captures in \(captures)")
        let bundled = try DemoCaptures.load(from: captures)
        let store = try storeOptions.open()
        let suite = "demo-h200-x8"
        let outcome = try Ingestor(store: store, version: DSBench.version)
            .ingest(bundled.map(\.file), node: "vm", runID: nil, suiteName: suite)
        // Judged like any run; the replay exits 0 whatever it says, because the bundled captures
        // include runs degraded on purpose (P2P disabled) to show what the verdict names.
        let judgement = try Self.judge(runID: outcome.runID, store: store)
        Console.out(RunText.render(try ShowData.load(runID: outcome.runID, judgement: judgement, store: store)))
        Console.info("stored in \(store.path) as run \(outcome.runID)")
        let degraded = bundled.filter { $0.record?.degradedOnPurpose == true }.compactMap(\.file.stepName)
        if let note = Self.degradedNote(degraded, verdict: judgement.verdict) { Console.info(note) }
        Self.closing(judgement.verdict, runID: outcome.runID, suite: suite, replay: true)
    }

    /// Judged and stored like any run; shown as stored, so `show` later says the same.
    static func judge(runID: Int64, store: Store) throws -> Judgement {
        _ = try Judging.judge(runID: runID, baseline: nil, baselineRequired: false, by: "demo", store: store)
        return try Judging.current(runID: runID, store: store)
    }

    /// Says which captures were degraded on purpose and how many of the verdict's failing checks
    /// they account for (counted from the verdict, so the sentence stays true if the captures change).
    static func degradedNote(_ steps: [String], verdict: Verdict) -> String? {
        guard !steps.isEmpty else { return nil }
        let failing = verdict.checks.filter { $0.outcome == .fail }
        let theirs = failing.filter { check in
            steps.contains { check.step.map(PlannedStep.identity(ofKey:)) == $0 }
        }
        var note = "\(steps.count) of the bundled captures are degraded on purpose: "
            + steps.joined(separator: " and ") + " ran with NCCL_P2P_DISABLE=1 (NVLink P2P off, traffic through shared memory)."
        if failing.isEmpty { return note }
        note += theirs.count == failing.count
            ? " The verdict's \(failing.count) failing check\(failing.count == 1 ? "" : "s") all come from them."
            : " \(theirs.count) of the verdict's \(failing.count) failing checks come from them."
        return note
    }

    /// The verdict once more as the last word, and where to go next.
    /// `replay`: the bundled captures, whose exit is 0 whatever the verdict; the line says so
    /// rather than print an exit code the process does not return.
    static func closing(_ verdict: Verdict, runID: Int64, suite: String, replay: Bool = false) {
        let exit = replay && verdict.exitCode != 0
            ? "a run judged so exits \(verdict.exitCode); this replay of bundled captures exits 0"
            : "exit \(verdict.exitCode)"
        Console.info("verdict: \(verdict.headline) (\(exit))")
        Console.info("next: `dsbench report \(runID)` writes \(ReportWriter.defaultDirectory(suite: suite, runID: runID))/"
                     + "index.html (charts), report.md and report.json; `dsbench show \(runID) --json` has every number")
    }
}
