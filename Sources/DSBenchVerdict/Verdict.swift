import DSBenchCore

/// The one judgement of a run: every check made, each with its outcome, and the status and exit
/// code they add up to. Made only by `Judge.verdict`; `run`, `check`, `compare`, `show`, the
/// reports and JUnit render it and decide nothing themselves.
public struct Verdict: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Every check that could be made passed (or there is no baseline yet, said so).
        case pass
        /// At least one check of a failing class failed.
        case fail
        /// An execution problem (a step failed, a node unreachable) and nothing failed.
        case error
        /// A baseline exists but nothing could be compared, or every measured series was implausible.
        case noVerdict = "no_verdict"

        /// Exit codes of DESIGN.md: 0 pass, 1 fail, 2 error or no verdict.
        public var exitCode: Int32 {
            switch self {
            case .pass: return 0
            case .fail: return 1
            case .error, .noVerdict: return 2
            }
        }

        /// Upper-case word for the headline (`PASS`, `FAIL`, `ERROR`, `NO VERDICT`).
        public var word: String { self == .noVerdict ? "NO VERDICT" : rawValue.uppercased() }
    }

    public var runID: Int64
    public var suite: String
    public var status: Status
    /// One line: why this status.
    public var reason: String
    public var exitCode: Int32 { status.exitCode }
    /// The baseline judged against; nil when there was none.
    public var baseline: VerdictBaseline?
    /// In the order a reader should see them: failures, errors, advice, then the rest.
    public var checks: [VerdictCheck]

    public init(runID: Int64, suite: String, status: Status, reason: String, baseline: VerdictBaseline?,
                checks: [VerdictCheck]) {
        self.runID = runID; self.suite = suite; self.status = status; self.reason = reason
        self.baseline = baseline; self.checks = checks
    }

    public func checks(_ outcome: VerdictCheck.Outcome) -> [VerdictCheck] { checks.filter { $0.outcome == outcome } }

    /// `status · reason`, the line every renderer leads with.
    public var headline: String { "\(status.word): \(reason)" }

    /// Nodes with a failed check (fleet outliers, transport fallbacks …), for the heatmap and summaries.
    public var failedNodes: Set<String> { Set(checks(.fail).compactMap(\.node)) }
}

public struct VerdictBaseline: Sendable, Codable, Equatable {
    /// As the user named it (`nightly-ref`, `12`, `auto (last 3 runs: 1, 2, 3)`).
    public var label: String
    public var runIDs: [Int64]

    public init(label: String, runIDs: [Int64]) { self.label = label; self.runIDs = runIDs }
}

/// One thing the verdict looked at and what it concluded.
public struct VerdictCheck: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case pass
        /// Fails the verdict.
        case fail
        /// An execution problem (a failed step, an unreachable node).
        case error
        /// A finding of a class that does not fail the run (advice, or moved out by the suite).
        case advice
        /// Could not be judged (no counterpart in the baseline, one rank, implausible numbers); says why.
        case notComparable = "not_comparable"
        /// Not made (too few nodes for a fleet, no baseline yet); says why.
        case skipped
    }

    /// Rule id: `regression.busbw`, `fleet.outlier`, `nccl.transport.shm`, `execution.step` …
    public var rule: String
    public var ruleClass: RuleClass
    /// What was judged: `all_reduce float sum @node1 · bandwidth band`, a step key, a node.
    public var subject: String
    public var node: String?
    public var step: String?
    public var outcome: Outcome
    public var severity: Finding.Severity
    /// One sentence: what was found, or why it could not be judged.
    public var reason: String
    /// What it was decided from (numbers, a log line), verbatim.
    public var evidence: String
    public var observed: Double?
    public var expected: Double?
    public var hint: String?
    /// The GPU a finding names (its index on `node`); nil for checks of a step, node or series.
    public var gpu: Int?

    public init(rule: String, ruleClass: RuleClass, subject: String, node: String? = nil, step: String? = nil,
                outcome: Outcome, severity: Finding.Severity, reason: String, evidence: String = "",
                observed: Double? = nil, expected: Double? = nil, hint: String? = nil, gpu: Int? = nil) {
        self.rule = rule; self.ruleClass = ruleClass; self.subject = subject; self.node = node; self.step = step
        self.outcome = outcome; self.severity = severity; self.reason = reason; self.evidence = evidence
        self.observed = observed; self.expected = expected; self.hint = hint; self.gpu = gpu
    }
}
