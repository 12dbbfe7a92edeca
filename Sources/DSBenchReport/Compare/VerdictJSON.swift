import DSBenchCore
import DSBenchVerdict

/// The verdict as JSON, the same object in `check --json`, `compare --json`, `show --json` and
/// report.json. Keys are stable.
public enum VerdictJSON {
    public static func value(_ verdict: Verdict, judgedBy: String? = nil) -> JSONWriter.Value {
        var fields: [(String, JSONWriter.Value)] = [
            ("status", .string(verdict.status.rawValue)), ("exit_code", .int(Int64(verdict.exitCode))),
            ("reason", .string(verdict.reason)), ("headline", .string(verdict.headline)),
            ("baseline", verdict.baseline.map { b in
                .object([("label", .string(b.label)), ("runs", .array(b.runIDs.map { .int($0) }))])
            } ?? .null),
        ]
        if let judgedBy { fields.append(("judged_by", .string(judgedBy))) }
        let counts = VerdictCheck.Outcome.allCases.map { outcome in
            (outcome.rawValue, JSONWriter.Value.int(Int64(verdict.checks(outcome).count)))
        }
        fields.append(("counts", .object(counts)))
        fields.append(("checks", .array(verdict.checks.map(check))))
        return .object(fields)
    }

    static func check(_ c: VerdictCheck) -> JSONWriter.Value {
        .object([("rule", .string(c.rule)), ("class", .string(c.ruleClass.rawValue)), ("subject", .string(c.subject)),
                 ("node", .optional(c.node)), ("step", .optional(c.step)), ("outcome", .string(c.outcome.rawValue)),
                 ("severity", .string(c.severity.rawValue)), ("reason", .string(c.reason)),
                 ("evidence", .string(c.evidence)), ("observed", .optional(c.observed)),
                 ("expected", .optional(c.expected)), ("hint", .optional(c.hint))])
    }
}

/// Words shared by the text renderers.
enum VerdictWords {
    /// `FAIL regression.busbw  all_reduce … · bandwidth band: busbw regressed …`
    static func line(_ c: VerdictCheck) -> String {
        "\(label(c.outcome)) \(c.rule) [\(c.ruleClass.rawValue)] \(subject(c)): \(c.reason)"
    }

    /// The check's subject, with its step where the subject does not name it (a fleet or
    /// regression check judges a series: `all_reduce float/sum on * (8 × NVIDIA H200) · step all_reduce`),
    /// so `show`, `compare` and the report's problems name the step its findings table names.
    static func subject(_ c: VerdictCheck) -> String {
        guard let step = c.step, !c.subject.components(separatedBy: " · ").contains(step) else { return c.subject }
        return "\(c.subject) · step \(step)"
    }

    static func label(_ outcome: VerdictCheck.Outcome) -> String {
        switch outcome {
        case .notComparable: return "NOT-COMPARABLE"
        default: return outcome.rawValue.uppercased()
        }
    }

    /// Checks a reader must see, in the verdict's order: failures, errors, advice, not comparable, skipped.
    static func notable(_ verdict: Verdict) -> [VerdictCheck] { verdict.checks.filter { $0.outcome != .pass } }
}
