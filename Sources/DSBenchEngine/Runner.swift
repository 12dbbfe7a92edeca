import DSBenchAnalyze
import DSBenchCore
import DSBenchExec
import DSBenchStore
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

    public init(suiteName: String, suiteText: String, suiteHash: String, plan: Plan,
                labels: [String: String] = [:], requestNcclJSON: Bool = true) {
        self.suiteName = suiteName; self.suiteText = suiteText; self.suiteHash = suiteHash
        self.plan = plan; self.labels = labels; self.requestNcclJSON = requestNcclJSON
    }
}

/// How the run ended, for the CLI to map to an exit code.
public struct RunOutcome: Sendable {
    public var runID: Int64
    public var status: RunStatus
    public var stepCounts: [String: Int]
    /// Step errors, `step@node: message`.
    public var stepErrors: [String]
    /// Critical findings (#wrong > 0, out-of-bounds FAILED, double-bit ECC rising), `step: message`.
    public var critical: [String]
    /// Every health-rule finding of the run (also stored, source `rules`).
    public var findings: [Finding] = []
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

    public init(store: Store, version: String, executorFor: @escaping ExecutorFactory,
                progress: (@Sendable (RunProgress) -> Void)? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store; self.version = version; self.executorFor = executorFor
        self.progress = progress; self.clock = clock
    }

    public func run(_ request: RunRequest) async throws -> RunOutcome {
        let runID = try store.createRun(NewRun(
            suiteName: request.suiteName, suiteHash: request.suiteHash, suiteText: request.suiteText,
            source: .run, startedAt: clock(), dsbenchVersion: version,
            user: ProcessInfo.processInfo.environment["USER"], host: LocalHost.name,
            pid: getpid(), labels: request.labels))
        let steps = request.plan.steps
        let stepIDs = try store.insertPlannedSteps(runID: runID, steps: steps)
        let total = steps.count
        let nodes = request.plan.nodes.map { node in
            RunNode(name: node, executor: executorFor(node), requestJSON: request.requestNcclJSON)
        }
        for node in nodes {
            try? store.recordNode(runID: runID, name: node.name,
                                  hostname: node.name == "local" ? LocalHost.name : nil, status: .ok, error: nil)
        }
        var results: [NodeStepResult] = []
        for segment in Self.segments(Array(zip(steps, stepIDs))) {
            let byNode = Dictionary(grouping: segment, by: { $0.0.node })
            results += await withTaskGroup(of: [NodeStepResult].self) { group in
                for node in nodes {
                    guard let work = byNode[node.name] else { continue }
                    group.addTask { await runSteps(work, on: node, runID: runID, total: total, limits: request.plan.limits) }
                }
                var all: [NodeStepResult] = []
                for await part in group { all += part }
                return all
            }
        }
        for node in nodes {
            if let health = node.executor as? any NodeHealthReporting, let reason = health.unreachableReason {
                try? store.recordNode(runID: runID, name: node.name, status: .unreachable, error: reason)
            }
        }

        let cancelled = Task.isCancelled
        var counts: [String: Int] = [:]
        var errors: [String] = []
        var critical: [String] = []
        for result in results {
            counts[result.verdict.status.rawValue, default: 0] += 1
            if let error = result.verdict.error, result.verdict.status != .completed {
                errors.append("\(result.step.key): \(error)")
            }
            critical += CorrectnessCheck.problems(in: result.reports, step: result.step.key)
        }
        let status: RunStatus = cancelled || counts["interrupted", default: 0] > 0 ? .interrupted
            : (counts["completed", default: 0] == results.count ? .completed : .failed)
        try store.finishRun(id: runID, status: status, endedAt: clock())
        // The rules read back what was stored; if that fails the per-report correctness check still decides.
        var findings: [Finding] = []
        if let evaluated = try? HealthPass.evaluate(runID: runID, store: store) {
            findings = evaluated
            critical = HealthPass.criticalLines(evaluated)
        }
        return RunOutcome(runID: runID, status: status, stepCounts: counts, stepErrors: errors, critical: critical,
                          findings: findings)
    }

    struct NodeStepResult: Sendable {
        var step: PlannedStep
        var verdict: StepVerdict
        var reports: [NcclTestsReport]
    }

    /// Plan order cut where a multi-node job stands: steps of different nodes run side by side
    /// within a segment, segments one after another, and a job is a segment of its own.
    static func segments(_ work: [(PlannedStep, Int64)]) -> [[(PlannedStep, Int64)]] {
        var segments: [[(PlannedStep, Int64)]] = []
        var current: [(PlannedStep, Int64)] = []
        for item in work {
            if item.0.jobNodes != nil {
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

    private func runSteps(_ work: [(PlannedStep, Int64)], on runNode: RunNode, runID: Int64, total: Int,
                          limits: ParseLimits) async -> [NodeStepResult] {
        let executor = runNode.executor, probes = runNode.probes
        var results: [NodeStepResult] = []
        for (step, stepID) in work {
            if Task.isCancelled {
                let verdict = StepVerdict(.interrupted, "not started: run cancelled")
                try? store.finishStep(StepCompletion(stepID: stepID, status: .interrupted, endedAt: clock(),
                                                     error: verdict.error))
                results.append(NodeStepResult(step: step, verdict: verdict, reports: []))
                continue
            }
            progress?(.stepStarted(step, index: step.seq, total: total))
            let began = clock()
            let execution = StepExecution(store: store, runID: runID, stepID: stepID, step: step,
                                          executor: executor, executorFor: executorFor, probes: probes,
                                          limits: limits, clock: clock)
            let result: NodeStepResult
            do {
                let done = try await execution.execute()
                result = NodeStepResult(step: step, verdict: done.verdict, reports: done.reports)
            } catch {
                // The store refused a write: record what we can, never lose the other steps.
                let verdict = StepVerdict(.failed, "could not record step: \(error)")
                try? store.finishStep(StepCompletion(stepID: stepID, status: .failed, startedAt: began,
                                                     endedAt: clock(), error: verdict.error))
                result = NodeStepResult(step: step, verdict: verdict, reports: [])
            }
            progress?(.stepFinished(step, result.verdict, seconds: clock().timeIntervalSince(began)))
            results.append(result)
        }
        return results
    }
}

/// Correctness beats speed: wrong elements or a failed bounds check are critical whatever the
/// bandwidth. The check is the `nccl.correctness` health rule, applied to just-parsed reports.
public enum CorrectnessCheck {
    public static func problems(in reports: [NcclTestsReport], step: String) -> [String] {
        reports.flatMap { CorrectnessRules.findings(report: $0, step: step, node: "") }.map { "\(step): \($0.message)" }
    }
}
