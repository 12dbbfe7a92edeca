/// Something wrong (or worth a look) found by analysis: a health rule, a regression, an outlier.
/// One sentence says what, where and what to check; the evidence says what it was decided from.
public struct Finding: Sendable, Codable, Equatable {
    public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
        case info, warning, critical

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// Stable rule id, e.g. `nccl.transport.shm`, `regression.busbw`, `fleet.outlier`.
    public var rule: String
    public var severity: Severity
    public var node: String?
    public var gpu: Int?
    /// Planned step key (`name[variant]#repeat@node`) when the finding belongs to a step.
    public var step: String?
    public var message: String
    /// What the finding was decided from (a log line, numbers, a table cell), verbatim.
    public var evidence: String
    public var observed: Double?
    public var expected: Double?
    /// What to check or do about it, one sentence.
    public var hint: String?

    public init(rule: String, severity: Severity, node: String? = nil, gpu: Int? = nil, step: String? = nil,
                message: String, evidence: String = "", observed: Double? = nil, expected: Double? = nil,
                hint: String? = nil) {
        self.rule = rule; self.severity = severity; self.node = node; self.gpu = gpu; self.step = step
        self.message = message; self.evidence = evidence; self.observed = observed; self.expected = expected
        self.hint = hint
    }
}
