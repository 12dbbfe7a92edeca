import DSBenchCore

/// Correctness beats speed: wrong elements or a failed bounds check are critical whatever the
/// bandwidth. The single source for `run`'s exit code and for `show`.
public enum CorrectnessRules {
    static let all: [HealthRule] = [correctness]

    static let correctness = HealthRule(
        id: "nccl.correctness", severity: .critical,
        summary: "nccl-tests found wrong elements (#wrong > 0) or the out-of-bounds check FAILED",
        hint: "rerun the step; if it repeats, check GPU memory (ECC, `nvidia-smi -q -d ECC`), the NCCL build and the driver",
        check: { input, rule in input.ncclSteps.flatMap { check($0, rule: rule) } })

    /// Problems of one step's rows and footer, as findings of `nccl.correctness`.
    public static func findings(step: HealthNcclStep) -> [Finding] { check(step, rule: correctness) }

    /// The same check on a parsed report, for a step that has just finished.
    public static func findings(report: NcclTestsReport, step: String, node: String) -> [Finding] {
        findings(step: HealthNcclStep(key: step, name: step, node: node, collective: report.collective,
                                      rows: report.rows, outOfBounds: report.outOfBounds,
                                      outOfBoundsOK: report.outOfBoundsOK))
    }

    static func check(_ step: HealthNcclStep, rule: HealthRule) -> [Finding] {
        var out: [Finding] = []
        let wrong = step.rows.filter { ($0.outOfPlace.wrong ?? 0) > 0 || ($0.inPlace?.wrong ?? 0) > 0 }
        if let first = wrong.first {
            let total = wrong.reduce(Int64(0)) { sum, row in
                sum &+ max(row.outOfPlace.wrong ?? 0, 0) &+ max(row.inPlace?.wrong ?? 0, 0)
            }
            out.append(rule.finding(
                "\(wrong.count) sizes with wrong elements (first at \(first.size) B)",
                node: step.node, step: step.key,
                evidence: Num.place(first) + "size \(first.size) B, #wrong out-of-place "
                    + "\(first.outOfPlace.wrong.map(String.init) ?? "N/A"), in-place "
                    + "\(first.inPlace?.wrong.map(String.init) ?? "N/A"); \(total) wrong elements in all",
                observed: Double(total), expected: 0))
        }
        if step.outOfBoundsOK == false {
            out.append(rule.finding(
                "out-of-bounds check FAILED (\(step.outOfBounds ?? 0) values)", node: step.node, step: step.key,
                evidence: "# Out of bounds values : \(step.outOfBounds ?? 0) FAILED",
                observed: step.outOfBounds.map(Double.init), expected: 0))
        }
        return out
    }
}
