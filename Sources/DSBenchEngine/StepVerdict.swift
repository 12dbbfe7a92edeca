import Foundation
import DSBenchCore
import DSBenchParse
import DSBenchStore

/// The status a finished step gets, and why. A pure function of what the commands did and what
/// their output said, so that the same rules apply to live runs and to re-parsed runs.
/// The status is the stored one (`StepStatus`): a finished step is never `pending` or `running`,
/// and `skipped` means the node lacks the program (nvbandwidth) or a workload exited 77, with the
/// error saying why.
public struct StepVerdict: Sendable, Equatable {
    public var status: StepStatus
    public var error: String?

    public init(_ status: StepStatus, _ error: String? = nil) {
        self.status = status
        self.error = error
    }
}

/// A workload that exits 77 (the automake and ctest convention) cannot run on this node (no
/// PyTorch, no GPU): the step is skipped with what it printed, never failed and never passed.
enum WorkloadSkip {
    static let exitCode: Int32 = 77

    static func reason(_ outcome: CommandOutcome, program: String, node: String) -> String {
        let said = outcome.stderrTail.trimmingCharacters(in: .whitespacesAndNewlines)
        return "\(program) on node \(node) exited 77 (cannot run here)" + (said.isEmpty ? "" : ": \(said)")
    }
}

/// One command's outcome as the verdict needs it.
public struct CommandOutcome: Sendable {
    public var command: PlannedCommand
    public var termination: Termination
    public var stderrTail: String
    public var parsed: ParsedRecords?
    /// A profiler's `==ERROR==` lines from either stream (ncu prints them among the job's output).
    public var profilerErrors: [String] = []

    public init(command: PlannedCommand, termination: Termination, stderrTail: String, parsed: ParsedRecords?,
                profilerErrors: [String] = []) {
        self.command = command
        self.termination = termination
        self.stderrTail = stderrTail
        self.parsed = parsed
        self.profilerErrors = profilerErrors
    }
}

public enum StepJudge {
    /// Decides a step's status. Inventory commands marked optional may fail without failing the step
    /// (a node without NVLink has no `nvlink -s` output); their errors still show in the message.
    /// A refused artifact (over the size limit, or its parse stopped) makes a step that the
    /// commands alone would pass fail (`timed_out` when its parse ran out of the timeout,
    /// `interrupted` when cancelled), and is named in the error of one that already failed.
    public static func judge(kind: StepKind, node: String, outcomes: [CommandOutcome],
                             refusals: [ArtifactRefusal]) -> StepVerdict {
        let verdict = judge(kind: kind, node: node, outcomes: outcomes)
        guard let first = refusals.first else { return verdict }
        let reasons = refusals.map(\.message).joined(separator: "; ")
        guard verdict.status == .completed else {
            return StepVerdict(verdict.status, [verdict.error, reasons].compactMap { $0 }.joined(separator: "; "))
        }
        switch first.refusal {
        case .tooLarge: return StepVerdict(.failed, reasons)
        case .stopped(deadlinePassed: true): return StepVerdict(.timedOut, reasons)
        case .stopped(deadlinePassed: false): return StepVerdict(.interrupted, reasons)
        }
    }

    public static func judge(kind: StepKind, node: String, outcomes: [CommandOutcome]) -> StepVerdict {
        var problems: [String] = []
        for outcome in outcomes {
            let program = outcome.command.argv.first.map(basename) ?? outcome.command.label
            switch outcome.termination {
            case .cancelled:
                return StepVerdict(.interrupted, "\(program): stopped by cancellation")
            case .timedOut(let seconds):
                return StepVerdict(.timedOut, "\(program) on node \(node) timed out after \(format(seconds)) s and was killed"
                    + workloadDetail(outcome))
            case .failedToStart(let why):
                if let skip = NvbandwidthAbsence.skip(kind: kind, why: why) { return skip }
                if outcome.command.optional { problems.append(why); continue }
                return StepVerdict(.failed, ProfilerFailure.notStarted(outcome, why: why) ?? why)
            case .signaled(let sig):
                if outcome.command.optional { problems.append("\(program) killed by signal \(sig)"); continue }
                return StepVerdict(.failed, "\(program) on node \(node) was killed by signal \(sig)\(detail(outcome))")
            case .exited(WorkloadSkip.exitCode) where outcome.command.parser == .workload && outcome.command.label == "main":
                return StepVerdict(.skipped, WorkloadSkip.reason(outcome, program: program, node: node))
            case .exited(let code) where code != 0:
                if outcome.command.optional { problems.append("\(program) exited with \(code)"); continue }
                if let failure = ProfilerFailure.failure(outcome, program: program, node: node) {
                    return StepVerdict(.failed, failure)
                }
                return StepVerdict(.failed, "\(program) on node \(node) exited with \(code)\(detail(outcome))")
            case .exited:
                if let failure = ncclTestsFailure(outcome, program: program, node: node)
                    ?? workloadFailure(outcome, program: program, node: node)
                    ?? NvbandwidthAbsence.failure(outcome, program: program, node: node)
                    ?? ProfilerFailure.failure(outcome, program: program, node: node) {
                    return StepVerdict(.failed, failure)
                }
            }
        }
        return StepVerdict(.completed, problems.isEmpty ? nil : problems.joined(separator: "; "))
    }

    /// nccl-tests exits 0 on an unknown option and when it ran nothing; only its text says so.
    private static func ncclTestsFailure(_ outcome: CommandOutcome, program: String, node: String) -> String? {
        guard case .ncclTests(let report)? = outcome.parsed else { return nil }
        if let usage = report.errors.first(where: { $0.kind == "usage" }) {
            return "\(program) on node \(node) rejected its arguments: \(usage.message)"
        }
        if let error = report.errors.first(where: { $0.kind != "footer" }) {
            return "\(program) on node \(node) reported: \(error.message)"
        }
        if report.rows.isEmpty {
            return "\(program) on node \(node) exited 0 but printed no result rows"
        }
        if !report.complete {
            return "\(program) on node \(node) exited 0 but its output has no footer (\(report.rows.count) rows)"
        }
        return nil
    }

    private static func detail(_ outcome: CommandOutcome) -> String {
        let workload = workloadDetail(outcome)
        if !workload.isEmpty { return workload }
        if case .ncclTests(let report)? = outcome.parsed,
           let error = report.errors.first(where: { $0.kind != "propagated" }) {
            return ": \(error.message)"
        }
        let tail = outcome.stderrTail.trimmingCharacters(in: .whitespacesAndNewlines)
        return tail.isEmpty ? "" : ": \(tail)"
    }

    private static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
