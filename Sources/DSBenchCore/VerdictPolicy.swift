/// What a rule's finding means for a run's verdict. Every check a verdict makes belongs to one class;
/// the class — not the severity, which only orders and colours — decides whether it fails the run.
public enum RuleClass: String, Sendable, Codable, CaseIterable, Comparable {
    /// Wrong results (#wrong > 0, out-of-bounds FAILED): always fails; a suite cannot move it.
    case correctness
    /// Worse than the run's baseline past the band's tolerance (busbw, workload metrics).
    case regression
    /// The hardware is not performing as it can: below expected busbw, fleet outlier, a transport
    /// fallback, fewer channels, a link below its maximum, throttling, rising ECC, impossible numbers.
    case degraded
    /// Worth a look, never a failure by default: low utilisation, high memory, low overlap.
    case advice
    /// A step failed, timed out or never ran; a node was unreachable. Not a judgement of the
    /// hardware: it makes the verdict `error` when nothing failed.
    case execution

    /// Whether checks of the class fail the verdict unless a suite says otherwise.
    public var failsByDefault: Bool {
        switch self {
        case .correctness, .regression, .degraded: return true
        case .advice, .execution: return false
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: RuleClass, b: RuleClass) -> Bool { a.rank < b.rank }
}

/// A suite's `verdict:` block: which rules or classes fail the run, which only advise, and
/// severities to show. Names are rule ids (`nccl.transport.shm`) or class names (`advice`); a rule
/// id wins over its class.
public struct VerdictPolicy: Sendable, Codable, Equatable {
    /// Rules or classes that fail the verdict (e.g. `advice`, `gpu.low_util`).
    public var fail: [String]
    /// Rules or classes reported but never failing (e.g. `nccl.transport.shm` on a box without NVLink).
    public var pass: [String]
    /// Severity to show per rule id.
    public var severities: [String: Finding.Severity]

    public init(fail: [String] = [], pass: [String] = [], severities: [String: Finding.Severity] = [:]) {
        self.fail = fail; self.pass = pass; self.severities = severities
    }

    public var isEmpty: Bool { fail.isEmpty && pass.isEmpty && severities.isEmpty }

    /// Whether a check of `rule` (of class `ruleClass`) fails the verdict under this policy.
    /// Correctness always fails and execution never does (it makes `error`): neither can be moved.
    public func fails(rule: String, class ruleClass: RuleClass) -> Bool {
        switch ruleClass {
        case .correctness: return true
        case .execution: return false
        default: break
        }
        if fail.contains(rule) { return true }
        if pass.contains(rule) { return false }
        if fail.contains(ruleClass.rawValue) { return true }
        if pass.contains(ruleClass.rawValue) { return false }
        return ruleClass.failsByDefault
    }
}
