import DSBenchCore
import DSBenchExec
import DSBenchParse
import DSBenchStore
import Foundation

/// Runs one planned step on its node: mark where it starts in the run's captures, run the commands
/// in order, mark where it ends, store every raw output (before parsing), parse, and commit the
/// finished step in one transaction.
///
/// Each command goes through the same stages, in `runCommand`: prepare (the node's facts filled
/// in), launch, capture (what it printed and wrote), store the raw bytes, parse them. The step's
/// own stages are `execute`: begin, the commands, then finish (judge and store the records). Every
/// artifact is parsed once (`StepParsing`), whichever stage asks first.
struct StepExecution: Sendable {
    let store: Store
    let runID: Int64
    let stepID: Int64
    let step: PlannedStep
    let executor: any Executor
    /// The run's captures (dmon), which this step's window is marked in.
    let captures: RunCaptures
    let probes: NodeProbes
    /// What each artifact may cost to parse (the plan's limits).
    let limits: ParseLimits
    let clock: @Sendable () -> Date
    /// Where `from_env` values come from, read as each command starts (never stored).
    let environment: [String: String]

    struct Result: Sendable {
        var verdict: StepVerdict
        var reports: [NcclTestsReport]
        /// The step's part of each capture it asked for.
        var windows: [RunCaptures.StepWindow]
        /// The artifacts a parser read, in the order it read them: each at most once.
        var parsedArtifacts: [String] = []
    }

    /// What the step's commands have left so far.
    struct Progress {
        var outcomes: [CommandOutcome] = []
        /// Every stored artifact that a parser reads, in the order stored.
        var parsable: [StepArtifact] = []
        var parsing: StepParsing
    }

    /// After a command: on to the next one, or the step's commands end here.
    enum Next { case nextCommand, stop }

    func execute() async throws -> Result {
        let startedAt = clock()
        try begin(at: startedAt)
        let opened = await openCaptureWindows()
        let traces = WorkloadTrace(executor: executor)
        var progress = Progress(parsing: StepParsing(limits: limits))
        for planned in step.commands {
            if try await runCommand(planned, traces: traces, progress: &progress) == .stop { break }
        }
        let windows = await closeCaptureWindows(opened)
        return try finish(progress, startedAt: startedAt, windows: windows)
    }

    // MARK: The step's stages

    private func begin(at startedAt: Date) throws {
        try store.markStepRunning(id: stepID, startedAt: startedAt)
        if let spec = step.commands.lazy.compactMap(\.workload).first {
            try store.setWorkloadSpec(stepID: stepID, spec)
        }
    }

    private func openCaptureWindows() async -> [(key: RunCaptures.Key, from: Int)] {
        var opened: [(key: RunCaptures.Key, from: Int)] = []
        for capture in step.captures {
            let key = RunCaptures.Key(node: capture.node ?? step.node, name: capture.name)
            if let from = await captures.mark(key) { opened.append((key, from)) }
        }
        return opened
    }

    private func closeCaptureWindows(_ opened: [(key: RunCaptures.Key, from: Int)]) async -> [RunCaptures.StepWindow] {
        var windows: [RunCaptures.StepWindow] = []
        for (key, from) in opened {
            guard let to = await captures.mark(key) else { continue }
            windows.append(RunCaptures.StepWindow(key: key, window: CaptureWindow(stepID: stepID, from: from, to: to)))
        }
        return windows
    }

    /// Judges the step from its commands and parses, and stores its records with its end in one
    /// transaction.
    private func finish(_ progress: Progress, startedAt: Date, windows: [RunCaptures.StepWindow]) throws -> Result {
        var parsing = progress.parsing
        let selected = ParseSelection.parsable(progress.parsable, stepID: { _ in stepID }, parser: { $0.parser },
                                               bytes: { $0.bytes })
        let parsed = selected.compactMap { item in
            parsing.records(item).map { (artifactID: item.artifactID, records: $0) }
        }
        var verdict = StepJudge.judge(kind: step.kind, node: step.node, outcomes: progress.outcomes, refusals: parsing.refusals)
        if Task.isCancelled && verdict.status == .completed { verdict = StepVerdict(.interrupted, "run cancelled") }
        let last = progress.outcomes.last?.termination
        try store.finishStep(StepCompletion(
            stepID: stepID,
            status: verdict.status,
            exitCode: last.flatMap { if case .exited(let c) = $0 { return c } else { return nil } },
            signal: last.flatMap { if case .signaled(let s) = $0 { return s } else { return nil } },
            startedAt: startedAt, endedAt: clock(), error: verdict.error, parsed: parsed))
        // A JSON read beside the text table (for its per-iteration times) is the same table again.
        let hasText = selected.contains { $0.parser == .ncclTests }
        let parserOf = Dictionary(selected.map { ($0.artifactID, $0.parser) }, uniquingKeysWith: { first, _ in first })
        let reports = parsed.compactMap { item -> NcclTestsReport? in
            guard !(hasText && parserOf[item.artifactID] == .ncclTestsJSON), case .ncclTests(let r) = item.records else { return nil }
            return r
        }
        return Result(verdict: verdict, reports: reports, windows: windows, parsedArtifacts: parsing.parsedNames)
    }

    // MARK: A command's stages

    /// prepare → launch → capture → store raw → parse, for one command of the step.
    private func runCommand(_ planned: PlannedCommand, traces: WorkloadTrace, progress: inout Progress) async throws -> Next {
        let prepared: PreparedCommand
        do {
            prepared = try await probes.prepare(planned, runID: runID, stepSeq: step.seq)
        } catch {
            progress.outcomes.append(.notStarted(planned, .failedToStart(error.description)))
            return planned.optional ? .nextCommand : .stop
        }
        if Task.isCancelled {
            progress.outcomes.append(.notStarted(planned, .cancelled))
            return .stop
        }
        if planned.label == step.mainCommand?.label, prepared.command.argv != planned.argv {
            try store.recordExecutedArgv(stepID: stepID, executed: prepared.command.argv, planned: planned.argv)
        }
        guard let notes = try await clearTracePath(of: planned, traces: traces, progress: &progress) else { return .stop }
        // The command's timeout covers the parsing of what it wrote, too.
        let timeout = planned.timeoutSeconds > 0 ? planned.timeoutSeconds : nil
        let deadline = timeout.map { ContinuousClock.now + .milliseconds(Int64(($0 * 1000).rounded())) }
        let result = await launch(prepared)
        if case .failedToStart = result.termination {
            // Nothing ran, so there is no output to keep; the verdict carries the reason.
            progress.outcomes.append(.notStarted(planned, result.termination))
            return planned.optional ? .nextCommand : .stop
        }
        let captured = await capture(planned, prepared: prepared, result: result, notes: notes, traces: traces)
        let ids = try await storeRaw(captured, traces: traces)
        let parsed = parse(Array(zip(ids, captured.artifacts)), of: planned,
                           deadline: deadline, timeoutSeconds: timeout, progress: &progress)
        let profiled = planned.label == "main" && ProfilerFailure.installs[prepared.command.argv.first ?? ""] != nil
        progress.outcomes.append(CommandOutcome(command: planned, termination: result.termination,
                                                stderrTail: tail(result.stderr), parsed: parsed,
                                                profilerErrors: profiled ? ProfilerFailure.errorLines(result.stdout, result.stderr) : []))
        return !result.termination.isSuccess && !planned.optional ? .stop : .nextCommand
    }

    /// A workload's trace path must be free before the job writes it: what is there is moved
    /// aside, and the note saying so becomes an artifact. nil when the command must not start (the
    /// path holds a file that is not a trace).
    private func clearTracePath(of planned: PlannedCommand, traces: WorkloadTrace,
                                progress: inout Progress) async throws -> [ArtifactInput]? {
        guard let tracePath = planned.workload?.tracePath, let aside = await traces.moveAside(
            tracePath, to: WorkloadTrace.asidePath(tracePath, runID: runID, stepSeq: step.seq)) else { return [] }
        let notes = [ArtifactInput(name: "\(planned.label).trace-aside.txt", parser: nil, bytes: Array((aside.note + "\n").utf8))]
        guard aside.moved else {
            // The job would overwrite a file that is not its trace: it does not start.
            _ = try store.storeArtifacts(runID: runID, stepID: stepID, node: step.node, notes)
            progress.outcomes.append(.notStarted(planned, .failedToStart(aside.note)))
            return nil
        }
        return notes
    }

    private func launch(_ prepared: PreparedCommand) async -> ExecResult {
        var command = prepared.command
        command.env = command.env.map { $0.resolved(in: environment) }
        return await executor.run(command, output: nil)
    }

    /// What one command left: its artifacts, in the order they are stored.
    struct Captured {
        var artifacts: [ArtifactInput]
        /// The workload's trace was read, so its file goes once it is stored.
        var tracePath: String?
    }

    /// Its two streams, the notes of clearing its trace path, the trace it wrote, nccl-tests' JSON.
    private func capture(_ planned: PlannedCommand, prepared: PreparedCommand, result: ExecResult,
                         notes: [ArtifactInput], traces: WorkloadTrace) async -> Captured {
        var artifacts = [
            ArtifactInput(name: "\(planned.label).stdout", parser: planned.parser, bytes: result.stdout),
            ArtifactInput(name: "\(planned.label).stderr", parser: planned.parser == .workload ? .workloadLog : nil,
                          bytes: result.stderr),
        ] + notes
        var readTrace: String?
        if let tracePath = planned.workload?.tracePath, let trace = await traces.read(tracePath) {
            artifacts.append(ArtifactInput(name: WorkloadTrace.artifactName(label: planned.label, path: tracePath),
                                           parser: .torchTrace, bytes: trace))
            readTrace = tracePath
        }
        if let jsonPath = prepared.jsonOutputPath, let json = await probes.collectJSON(at: jsonPath) {
            artifacts.append(ArtifactInput(name: "\(planned.label).json", parser: .ncclTestsJSON, bytes: json))
        }
        return Captured(artifacts: artifacts, tracePath: readTrace)
    }

    /// The raw bytes, before any parse: what the parsers say can always be redone from them.
    private func storeRaw(_ captured: Captured, traces: WorkloadTrace) async throws -> [Int64] {
        let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: step.node, captured.artifacts)
        // The job's trace is in the database now; the next run finds the path free.
        if let tracePath = captured.tracePath { await traces.remove(tracePath) }
        return ids
    }

    /// Parses the command's streams now (its verdict reads them) and keeps every parsable artifact
    /// for `finish`, which reads the rest; the cache in `StepParsing` makes the two one parse.
    private func parse(_ stored: [(id: Int64, artifact: ArtifactInput)], of planned: PlannedCommand,
                       deadline: ContinuousClock.Instant?, timeoutSeconds: Double?,
                       progress: inout Progress) -> ParsedRecords? {
        let stdout = "\(planned.label).stdout", stderr = "\(planned.label).stderr"
        var streams: [String: ParsedRecords] = [:]
        for (id, artifact) in stored {
            // Empty output holds no records; the step's verdict already says why it is empty.
            guard let parser = artifact.parser, !artifact.bytes.isEmpty else { continue }
            let item = StepArtifact(artifactID: id, name: artifact.name, parser: parser, bytes: artifact.bytes,
                                    spec: planned.workload, deadline: deadline, timeoutSeconds: timeoutSeconds)
            progress.parsable.append(item)
            if artifact.name == stdout || artifact.name == stderr {
                streams[artifact.name] = progress.parsing.records(item)
            }
        }
        guard planned.parser == .workload else { return streams[stdout] }
        // The verdict needs the failures from both streams; an empty stdout still has a report.
        var out = WorkloadParser.parse([], spec: planned.workload)
        if case .workload(let report)? = streams[stdout] { out = report }
        if case .workload(let report)? = streams[stderr] { out = out.adding(failuresOf: report) }
        return .workload(out)
    }

    private func tail(_ bytes: [UInt8], lines: Int = 3) -> String {
        let text = String(decoding: bytes.suffix(4096), as: UTF8.self)
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }
}

private extension CommandOutcome {
    /// A command that never ran: no output, nothing parsed.
    static func notStarted(_ command: PlannedCommand, _ termination: Termination) -> CommandOutcome {
        CommandOutcome(command: command, termination: termination, stderrTail: "", parsed: nil)
    }
}
