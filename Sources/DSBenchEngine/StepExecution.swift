import DSBenchCore
import DSBenchExec
import DSBenchParse
import DSBenchStore
import Foundation

/// Runs one planned step on its node: mark where it starts in the run's captures, run the commands
/// in order, mark where it ends, store every raw output (before parsing), parse, and commit the
/// finished step in one transaction.
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
    }

    func execute() async throws -> Result {
        let startedAt = clock()
        try store.markStepRunning(id: stepID, startedAt: startedAt)
        if let spec = step.commands.lazy.compactMap(\.workload).first {
            try store.setWorkloadSpec(stepID: stepID, spec)
        }
        let traces = WorkloadTrace(executor: executor)

        var opened: [(key: RunCaptures.Key, from: Int)] = []
        for capture in step.captures {
            let key = RunCaptures.Key(node: capture.node ?? step.node, name: capture.name)
            if let from = await captures.mark(key) { opened.append((key, from)) }
        }

        var outcomes: [CommandOutcome] = []
        var stored: [StepArtifact] = []
        var parsing = StepParsing(limits: limits)
        for planned in step.commands {
            let prepared: PreparedCommand
            do {
                prepared = try await probes.prepare(planned, runID: runID, stepSeq: step.seq)
            } catch {
                outcomes.append(CommandOutcome(command: planned, termination: .failedToStart(error.description),
                                               stderrTail: "", parsed: nil))
                if planned.optional { continue } else { break }
            }
            if Task.isCancelled {
                outcomes.append(CommandOutcome(command: planned, termination: .cancelled, stderrTail: "", parsed: nil))
                break
            }
            if planned.label == step.mainCommand?.label, prepared.command.argv != planned.argv {
                try store.recordExecutedArgv(stepID: stepID, executed: prepared.command.argv, planned: planned.argv)
            }
            let tracePath = planned.workload?.tracePath
            var notes: [ArtifactInput] = []
            if let tracePath, let aside = await traces.moveAside(
                tracePath, to: WorkloadTrace.asidePath(tracePath, runID: runID, stepSeq: step.seq)) {
                notes.append(ArtifactInput(name: "\(planned.label).trace-aside.txt", parser: nil, bytes: Array((aside.note + "\n").utf8)))
                if !aside.moved {
                    // The job would overwrite a file that is not its trace: it does not start.
                    _ = try store.storeArtifacts(runID: runID, stepID: stepID, node: step.node, notes)
                    outcomes.append(CommandOutcome(command: planned, termination: .failedToStart(aside.note),
                                                   stderrTail: "", parsed: nil))
                    break
                }
            }
            // The command's timeout covers the parsing of what it wrote, too.
            let timeout = planned.timeoutSeconds > 0 ? planned.timeoutSeconds : nil
            let deadline = timeout.map { ContinuousClock.now + .milliseconds(Int64(($0 * 1000).rounded())) }
            var command = prepared.command
            command.env = command.env.map { $0.resolved(in: environment) }
            let result = await executor.run(command, output: nil)
            if case .failedToStart = result.termination {
                // Nothing ran, so there is no output to keep; the verdict carries the reason.
                outcomes.append(CommandOutcome(command: planned, termination: result.termination, stderrTail: "", parsed: nil))
                if planned.optional { continue } else { break }
            }
            var artifacts = [
                ArtifactInput(name: "\(planned.label).stdout", parser: planned.parser, bytes: result.stdout),
                ArtifactInput(name: "\(planned.label).stderr", parser: planned.parser == .workload ? .workloadLog : nil,
                              bytes: result.stderr),
            ] + notes
            let trace = if let tracePath { await traces.read(tracePath) } else { [UInt8]?.none }
            if let tracePath, let trace {
                artifacts.append(ArtifactInput(name: WorkloadTrace.artifactName(label: planned.label, path: tracePath),
                                               parser: .torchTrace, bytes: trace))
            }
            if let jsonPath = prepared.jsonOutputPath,
               let json = await probes.collectJSON(at: jsonPath) {
                artifacts.append(ArtifactInput(name: "\(planned.label).json", parser: .ncclTestsJSON, bytes: json))
            }
            let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: step.node, artifacts)
            // The job's trace is in the database now; the next run finds the path free.
            if let tracePath, trace != nil { await traces.remove(tracePath) }
            var parsed: ParsedRecords?
            var streams: [String: ParsedRecords] = [:]
            for (id, artifact) in zip(ids, artifacts) {
                // Empty output holds no records; the step's verdict already says why it is empty.
                guard let parser = artifact.parser, !artifact.bytes.isEmpty else { continue }
                let item = StepArtifact(artifactID: id, name: artifact.name, parser: parser, bytes: artifact.bytes,
                                        spec: planned.workload, deadline: deadline, timeoutSeconds: timeout)
                stored.append(item)
                if artifact.name == "\(planned.label).stdout" || artifact.name == "\(planned.label).stderr" {
                    streams[artifact.name] = parsing.records(item)
                }
            }
            parsed = streams["\(planned.label).stdout"]
            if planned.parser == .workload {
                // The verdict needs the failures from both streams; an empty stdout still has a report.
                var out = WorkloadParser.parse([], spec: planned.workload)
                if case .workload(let report)? = streams["\(planned.label).stdout"] { out = report }
                if case .workload(let report)? = streams["\(planned.label).stderr"] { out = out.adding(failuresOf: report) }
                parsed = .workload(out)
            }
            let profiled = planned.label == "main" && ProfilerFailure.installs[prepared.command.argv.first ?? ""] != nil
            outcomes.append(CommandOutcome(command: planned, termination: result.termination,
                                           stderrTail: tail(result.stderr), parsed: parsed,
                                           profilerErrors: profiled ? ProfilerFailure.errorLines(result.stdout, result.stderr) : []))
            if !result.termination.isSuccess && !planned.optional { break }
        }

        var windows: [RunCaptures.StepWindow] = []
        for (key, from) in opened {
            guard let to = await captures.mark(key) else { continue }
            windows.append(RunCaptures.StepWindow(key: key, window: CaptureWindow(stepID: stepID, from: from, to: to)))
        }

        let selected = ParseSelection.parsable(stored, stepID: { _ in stepID }, parser: { $0.parser }, bytes: { $0.bytes })
        let parsed = selected.compactMap { item in
            parsing.records(item).map { (artifactID: item.artifactID, records: $0) }
        }
        var verdict = StepJudge.judge(kind: step.kind, node: step.node, outcomes: outcomes, refusals: parsing.refusals)
        if Task.isCancelled && verdict.status == .completed { verdict = StepVerdict(.interrupted, "run cancelled") }
        let last = outcomes.last?.termination
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
        return Result(verdict: verdict, reports: reports, windows: windows)
    }

    private func tail(_ bytes: [UInt8], lines: Int = 3) -> String {
        let text = String(decoding: bytes.suffix(4096), as: UTF8.self)
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }
}
