import DSBenchAnalyze
import DSBenchCore
import DSBenchExec
import DSBenchStore
import DSBenchVerdict
import Foundation

/// What the run was asked to do.
public struct RunRequest: Sendable {
    public var suiteName: String
    public var suiteText: String
    public var suiteHash: String
    public var plan: Plan
    public var labels: [String: String]
    /// Ask nccl-tests for its JSON output (`-J`) where the binary supports it.
    public var requestNcclJSON: Bool
    /// What the run is judged against once its steps are done, and who judges.
    public var judging: RunJudging
    /// The `DSBENCH_RUN_TOKEN` the caller put into the environment of the run's local processes.
    public var processToken: String?

    public init(suiteName: String, suiteText: String, suiteHash: String, plan: Plan,
                labels: [String: String] = [:], requestNcclJSON: Bool = true, judging: RunJudging = RunJudging(),
                processToken: String? = nil) {
        self.suiteName = suiteName; self.suiteText = suiteText; self.suiteHash = suiteHash
        self.plan = plan; self.labels = labels; self.requestNcclJSON = requestNcclJSON; self.judging = judging
        self.processToken = processToken
    }
}

/// The judgement that finishes a run: `baseline` as `RunJudgement.judge` takes it (nil: the
/// suite's `regression.baseline`, else auto), recorded as judged by `judgedBy`. A baseline the
/// user named is checked before the run starts (`RunJudgement.requireBaseline`), so it is not
/// required again here.
public struct RunJudging: Sendable {
    public var baseline: String?
    public var judgedBy: String
    public init(baseline: String? = nil, judgedBy: String = "run") {
        self.baseline = baseline; self.judgedBy = judgedBy
    }
}

/// The store refused a write during a run: the run is marked failed where the store still
/// allows it, and the command exits 70 with `description`.
public struct RunRecordingError: Error, CustomStringConvertible, Sendable {
    public let runID: Int64
    public let description: String
}

/// How the run ended, for the CLI to map to an exit code.
public struct RunOutcome: Sendable {
    public var runID: Int64
    public var status: RunStatus
    public var stepCounts: [String: Int]
    /// Step errors, `step@node: message`.
    public var stepErrors: [String]
    /// Keys of the steps that did not complete, in plan order.
    public var failedSteps: [String] = []
    /// Critical findings (#wrong > 0, out-of-bounds FAILED, double-bit ECC rising), `step: message`.
    public var critical: [String]
    /// Every health-rule finding of the run (also stored, source `rules`).
    public var findings: [Finding] = []
    /// The verdict stored with the run's end; nil for an interrupted run, which is not judged.
    public var judgement: Judgement?
}

/// One progress event; the CLI decides how (and whether) to show it.
public enum RunProgress: Sendable {
    case stepStarted(PlannedStep, index: Int, total: Int)
    case stepFinished(PlannedStep, StepVerdict, seconds: Double)
}

/// Runs a plan: nodes in parallel, the steps of one node in plan order. A failing step costs only
/// itself; cancellation (Ctrl-C) stops running commands, marks what did not finish as interrupted
/// and keeps everything that did.
public struct Runner: Sendable {
    public typealias ExecutorFactory = @Sendable (String) -> any Executor

    let store: Store
    let executorFor: ExecutorFactory
    let progress: (@Sendable (RunProgress) -> Void)?
    let clock: @Sendable () -> Date
    let version: String
    /// Where `from_env` values come from when a command starts: dsbench's own environment.
    let environment: [String: String]

    public init(store: Store, version: String, executorFor: @escaping ExecutorFactory,
                progress: (@Sendable (RunProgress) -> Void)? = nil,
                clock: @escaping @Sendable () -> Date = { Date() },
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store; self.version = version; self.executorFor = executorFor
        self.progress = progress; self.clock = clock; self.environment = environment
    }

    public func run(_ request: RunRequest) async throws -> RunOutcome {
        let runID = try store.createRun(NewRun(
            suiteName: request.suiteName, suiteHash: request.suiteHash, suiteText: request.suiteText,
            source: .run, startedAt: clock(), dsbenchVersion: version,
            user: EnvironmentVariable.value("USER"), host: LocalHost.name,
            pid: getpid(), labels: request.labels, verdictRequired: true, processToken: request.processToken))
        do {
            return try await execute(request, runID: runID)
        } catch {
            // Best effort: on a full disk even this may not be stored, and then the run stays
            // `running` until the next command finds its process gone and marks it interrupted.
            // Either way it never reads `completed`; the error itself is what the caller gets.
            try? store.finishRun(id: runID, status: .failed, endedAt: clock())
            throw RunRecordingError(runID: runID, description: "run \(runID) could not be recorded and is marked failed: \(error)")
        }
    }

    private func execute(_ request: RunRequest, runID: Int64) async throws -> RunOutcome {
        let steps = request.plan.steps
        let stepIDs = try store.insertPlannedSteps(runID: runID, steps: steps)
        try store.recordPairSlots(runID: runID, steps: steps, stepIDs: stepIDs)
        let total = steps.count
        let nodes = request.plan.nodes.map { node in
            RunNode(name: node, executor: executorFor(node), requestJSON: request.requestNcclJSON)
        }
        for node in nodes {
            try store.recordNode(runID: runID, name: node.name,
                                 hostname: node.name == "local" ? LocalHost.name : nil, status: .ok, error: nil)
        }
        let captures = await RunCaptures.start(steps, executorFor: executorFor, environment: environment)
        var results: [NodeStepResult] = []
        for segment in Self.segments(Array(zip(steps, stepIDs))) {
            let byNode = Dictionary(grouping: segment, by: { $0.0.node })
            results += await withTaskGroup(of: [NodeStepResult].self) { group in
                for node in nodes {
                    guard let work = byNode[node.name] else { continue }
                    group.addTask {
                        await runSteps(work, on: node, captures: captures, runID: runID, total: total,
                                       limits: request.plan.limits)
                    }
                }
                var all: [NodeStepResult] = []
                for await part in group { all += part }
                return all
            }
        }
        // Stopped and stored even when the run was cancelled: the samples up to then are kept.
        try await captures.finish(store: store, runID: runID, windows: results.flatMap(\.windows), limits: request.plan.limits)
        for node in nodes {
            if let health = node.executor as? any NodeHealthReporting, let reason = health.unreachableReason {
                try store.recordNode(runID: runID, name: node.name, status: .unreachable, error: reason)
            }
        }
        // A step whose results the store refused leaves the run without them: not a step that
        // failed on its node but a run that could not be recorded (exit 70, never a verdict).
        if let refused = results.lazy.compactMap(\.storeError).first {
            throw StoreRefusal(message: refused)
        }

        let cancelled = Task.isCancelled
        var counts: [String: Int] = [:]
        var errors: [String] = []
        let failedSteps = results.filter { $0.verdict.status != .completed && $0.verdict.status != .skipped }.sorted { $0.step.seq < $1.step.seq }.map(\.step.key)
        for result in results {
            counts[result.verdict.status.rawValue, default: 0] += 1
            if let error = result.verdict.error, result.verdict.status != .completed {
                errors.append("\(result.step.key): \(error)")
            }
        }
        let status: RunStatus = cancelled || counts["interrupted", default: 0] > 0 ? .interrupted
            : (counts["completed", default: 0] + counts["skipped", default: 0] == results.count ? .completed : .failed)
        var outcome = RunOutcome(runID: runID, status: status, stepCounts: counts, stepErrors: errors, failedSteps: failedSteps,
                                 critical: [])
        if status == .interrupted {
            // Not judged (the command exits 130); its findings are still stored for `show`.
            try store.finishRun(id: runID, status: status, endedAt: clock())
            outcome.findings = try HealthPass.evaluate(runID: runID, store: store)
        } else {
            // The health pass, the comparison and the verdict are stored before the run leaves
            // `running`; the verdict's transaction is the one that finishes it.
            outcome.judgement = try RunJudgement.judge(
                runID: runID, baseline: request.judging.baseline, baselineRequired: false,
                judgedBy: request.judging.judgedBy, record: true,
                finishing: RunFinish(status: status, endedAt: clock()), store: store)
            outcome.findings = try store.findings(runID: runID, source: HealthPass.source).map(\.finding)
        }
        outcome.critical = HealthPass.criticalLines(outcome.findings)
        return outcome
    }

    struct StoreRefusal: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    struct NodeStepResult: Sendable {
        var step: PlannedStep
        var verdict: StepVerdict
        var reports: [NcclTestsReport]
        var windows: [RunCaptures.StepWindow] = []
        /// The store refused to record the step (full disk, read-only file …).
        var storeError: String?
    }

    /// Plan order cut where a multi-node job stands: steps of different nodes run side by side
    /// within a segment, segments one after another, and a job is a segment of its own.
    static func segments(_ work: [(PlannedStep, Int64)]) -> [[(PlannedStep, Int64)]] {
        var segments: [[(PlannedStep, Int64)]] = []
        var current: [(PlannedStep, Int64)] = []
        for item in work {
            if item.0.jobNodes != nil, let batch = item.0.pairing?.batch, let last = segments.last?.last,
               current.isEmpty, last.0.jobNodes != nil, last.0.pairing?.batch == batch {
                // The next job of a pairwise round: its nodes are disjoint from the round's others.
                segments[segments.count - 1].append(item)
            } else if item.0.jobNodes != nil {
                if !current.isEmpty { segments.append(current); current = [] }
                segments.append([item])
            } else {
                current.append(item)
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// A node's executor and what was learnt about it, kept across segments.
    struct RunNode: Sendable {
        let name: String
        let executor: any Executor
        let probes: NodeProbes
        init(name: String, executor: any Executor, requestJSON: Bool) {
            self.name = name; self.executor = executor
            probes = NodeProbes(executor: executor, node: name, requestJSON: requestJSON)
        }
    }

    private func runSteps(_ work: [(PlannedStep, Int64)], on runNode: RunNode, captures: RunCaptures, runID: Int64,
                          total: Int, limits: ParseLimits) async -> [NodeStepResult] {
        var results: [NodeStepResult] = []
        for batch in Self.concurrentBatches(work) {
            guard batch.count > 1 else {
                results.append(await runStep(batch[0].0, stepID: batch[0].1, on: runNode, captures: captures, runID: runID,
                                             total: total, limits: limits))
                continue
            }
            results += await withTaskGroup(of: NodeStepResult.self) { group in
                for (step, stepID) in batch {
                    group.addTask {
                        await runStep(step, stepID: stepID, on: runNode, captures: captures, runID: runID, total: total,
                                      limits: limits)
                    }
                }
                var all: [NodeStepResult] = []
                for await result in group { all.append(result) }
                return all.sorted { $0.step.seq < $1.step.seq }
            }
        }
        return results
    }

    private func runStep(_ step: PlannedStep, stepID: Int64, on runNode: RunNode, captures: RunCaptures, runID: Int64,
                         total: Int, limits: ParseLimits) async -> NodeStepResult {
        let executor = runNode.executor, probes = runNode.probes
        if Task.isCancelled {
            let verdict = StepVerdict(.interrupted, "not started: run cancelled")
            var refused: String?
            do {
                try store.finishStep(StepCompletion(stepID: stepID, status: .interrupted, endedAt: clock(),
                                                    error: verdict.error))
            } catch {
                refused = "step \(step.key): \(error)"
            }
            return NodeStepResult(step: step, verdict: verdict, reports: [], storeError: refused)
        }
        progress?(.stepStarted(step, index: step.seq, total: total))
        let began = clock()
        let execution = StepExecution(store: store, runID: runID, stepID: stepID, step: step,
                                      executor: executor, captures: captures, probes: probes,
                                      limits: limits, clock: clock, environment: environment)
        let result: NodeStepResult
        do {
            let done = try await execution.execute()
            result = NodeStepResult(step: step, verdict: done.verdict, reports: done.reports, windows: done.windows)
        } catch {
            // The store refused a write: record what we can, never lose the other steps.
            let verdict = StepVerdict(.failed, "could not record step: \(error)")
            // Best effort (the store just refused a write); the run reports the refusal itself.
            try? store.finishStep(StepCompletion(stepID: stepID, status: .failed, startedAt: began,
                                                 endedAt: clock(), error: verdict.error))
            result = NodeStepResult(step: step, verdict: verdict, reports: [], storeError: "step \(step.key): \(error)")
        }
        progress?(.stepFinished(step, result.verdict, seconds: clock().timeIntervalSince(began)))
        return result
    }
}

/// Correctness beats speed: wrong elements or a failed bounds check are critical whatever the
/// bandwidth. The check is the `nccl.correctness` health rule, applied to just-parsed reports.
public enum CorrectnessCheck {
    public static func problems(in reports: [NcclTestsReport], step: String) -> [String] {
        reports.flatMap { CorrectnessRules.findings(report: $0, step: step, node: "") }.map { "\(step): \($0.message)" }
    }
}
