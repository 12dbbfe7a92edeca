import DSBenchCore

/// One health rule: a stable id, the severity it reports at, what it checks, what to look at
/// when it fires, the thresholds it reads, and the check itself (a pure function).
public struct HealthRule: Sendable {
    public var id: String
    public var severity: Finding.Severity
    public var summary: String
    public var hint: String
    public var thresholds: [HealthThreshold]
    let check: @Sendable (HealthInput, HealthRule) -> [Finding]

    init(id: String, severity: Finding.Severity, summary: String, hint: String, thresholds: [HealthThreshold] = [],
         check: @escaping @Sendable (HealthInput, HealthRule) -> [Finding]) {
        self.id = id; self.severity = severity; self.summary = summary; self.hint = hint
        self.thresholds = thresholds; self.check = check
    }

    /// A finding of this rule with its id, hint and (unless told otherwise) its severity.
    func finding(_ message: String, node: String?, gpu: Int? = nil, step: String? = nil, evidence: String,
                 observed: Double? = nil, expected: Double? = nil, severity: Finding.Severity? = nil) -> Finding {
        Finding(rule: id, severity: severity ?? self.severity, node: node, gpu: gpu, step: step, message: message,
                evidence: evidence, observed: observed, expected: expected, hint: hint)
    }
}

/// The rules, one family per file under `Rules/`.
public enum HealthRules {
    public static let all: [HealthRule] =
        CorrectnessRules.all + InventoryRules.all + TransportRules.all + BandwidthRules.all + PlausibilityRules.all
        + DmonRules.all + WorkloadRules.all + GPUHealthRules.all + XidRules.all + PCIeBandwidthRules.all + PairRules.all
        + ExpectedMetricRules.all

    public static func rule(_ id: String) -> HealthRule? { all.first { $0.id == id } }
}

/// Runs every rule that the suite did not switch off.
public enum HealthCheck {
    public static func run(_ input: HealthInput) -> [Finding] {
        let disabled = Set(input.settings.disabledRules)
        let findings = HealthRules.all.filter { !disabled.contains($0.id) }.flatMap { $0.check(input, $0) }
        // Most severe first; rule order (and each rule's own order) otherwise.
        return findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
    }
}

/// Number formatting for messages: at most two decimals, no trailing zeros.
enum Num {
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format2(value))
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func format2(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return "\(scaled)"
    }

    /// `line N: ` for a row read from text, nothing for a stored row (line 0).
    static func place(_ row: NcclTestsRow) -> String { row.line > 0 ? "line \(row.line): " : "" }

    static func percent(_ ratio: Double) -> String { text((ratio * 1000).rounded() / 10) + " %" }

    /// A threshold from a suite can be any non-negative number; never trap converting it.
    static func bytes(_ size: Double) -> String {
        guard size.isFinite, size < 9e18, let exact = Int64(exactly: size.rounded(.down)) else { return text(size) + " B" }
        return bytes(exact)
    }

    static func bytes(_ size: Int64) -> String {
        let units: [(Int64, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (unit, name) in units where size >= unit && size % unit == 0 { return "\(size / unit) \(name)" }
        return "\(size) B"
    }
}
