import ArgumentParser
import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchSuite
import Foundation

/// `dsbench bisect SUITE --step NAME`: a slow multi-node job's nodes halved, stage by stage, until
/// the bad node (or link) is named. The search is `Bisection` (pure); each stage is an ordinary
/// run of the step over the stage's groups at once, stored and judged like any run, labelled
/// `bisect=<id>` and `bisect_stage=<n>`.
struct Bisect: AsyncParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "bisect",
        abstract: "Find the bad node of a slow multi-node nccl step by halving its nodes.",
        discussion: """
            Runs the step on each half of its nodes at once, then on the halves of the slow half (of both, \
            when both are slow), until a pair is left; each member of the pair then runs beside a node \
            already seen healthy. A job slower than busbw.fraction (0.8) × the reference is slow; the \
            reference is --expect, else the best busbw measured so far in the search. Each stage is a \
            stored run (labels bisect=<id>, bisect_stage=<n>). Exit 1 when a culprit is named, 0 when \
            nothing was slow, 2 when a stage could not be measured. docs/pairwise.md.
            """))

    @OptionGroup var suite: SuiteOptions
    @Option(name: .long, help: "The nccl step to bisect (placement: all, an mpirun or srun launcher).") var step: String
    @Option(name: .long, help: "Expected busbw in GB/s at the bandwidth band (default: the best seen in the search).")
    var expect: Double?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var ssh: SSHOptions

    func validate() throws {
        if let expect, !(expect > 0) { throw ValidationError("--expect takes a busbw in GB/s above 0 (got \(expect))") }
        if !suite.only.isEmpty { throw ValidationError("bisect runs one step: name it with --step, not --only") }
    }

    func run() async throws {
        let (loaded, whole) = try suite.load { $0.only = [step] }
        guard let first = whole.steps.first, first.kind == .nccl, first.jobNodes != nil else {
            throw CommandFailure.usage("bisect: step '\(step)' is not an nccl step with placement: all; bisect halves the nodes "
                + "of a job that spans them (an mpirun or srun launcher)")
        }
        var nodes: [String] = []
        for planned in whole.steps { for node in planned.jobNodes ?? [] where !nodes.contains(node) { nodes.append(node) } }
        guard nodes.count >= 4 else {
            throw CommandFailure.usage("bisect: step '\(step)' has \(nodes.count) nodes; halving needs at least 4 "
                + "(for fewer, run it with pattern: pairs)")
        }
        let settings = loaded.suite.health
        var search = Bisection(nodes: nodes, fraction: HealthInput(settings: settings).threshold(.busbwFraction),
                               expected: expect)
        let store = try storeOptions.open()
        let token = "\(loaded.suite.name)-\(step)-\(Int(Date().timeIntervalSince1970))"
        Console.info("bisect \(token): step '\(step)' over \(nodes.count) nodes; a job below "
            + "\(search.fraction) × \(expect.map { "\($0) GB/s" } ?? "the best busbw seen") is slow")
        var runs: [Int64] = []
        while !search.isFinished {
            let groups = search.nextGroups()
            // The suite as loaded once (and stored with every stage), not re-read from disk.
            var overrides = suite.overrides
            overrides.only = [step]
            overrides.groups = groups
            let plan: DSBenchCore.Plan
            do {
                plan = try Planner.plan(loaded.suite, overrides: overrides)
            } catch {
                throw CommandFailure.usage("bisect: stage \(search.stages.count + 1) of '\(step)' cannot be planned: \(error)")
            }
            let request = RunRequest(suiteName: loaded.suite.name, suiteText: loaded.storedText, suiteHash: loaded.sha256,
                                     plan: plan, labels: ["bisect": token, "bisect_stage": String(search.stages.count + 1)])
            let outcome = try await ssh.session(store: store, suite: loaded.suite).executeOnConsole(request)
            guard outcome.judgement != nil else { throw CommandFailure.interrupted }
            runs.append(outcome.runID)
            let input = try HealthInputLoader.load(runID: outcome.runID, store: store, settings: settings)
            let measured = PairAnalysis.groupBusbw(input)
            if let failure = input.rowReadFailure { throw CommandFailure.internalError("bisect: \(failure)") }
            search.record(groups.map { ($0, measured[$0]) })
            Console.info(BisectText.stage(search.stages[search.stages.count - 1], runID: outcome.runID))
        }
        Console.out(BisectText.summary(search, runs: runs, token: token))
        if !search.culprits.isEmpty { throw CommandFailure(.regression) }
        if !search.unresolved.isEmpty { throw CommandFailure(.execution) }
    }
}

