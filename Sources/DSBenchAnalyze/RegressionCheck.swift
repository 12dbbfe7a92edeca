import DSBenchCore

/// Where a comparison and a fleet check record their findings, and which of them they record.
/// Loading their inputs and saving the findings is DSBenchAnalysisStore's
/// (`RegressionCheck.compare(runID:baseline:store:)`, `fleetReport`, `record`).
public enum RegressionCheck {
    public static let compareSource = "compare"
    public static let fleetSource = "fleet"
    /// Where the engine's health pass stores the `nccl.correctness` findings.
    public static let rulesSource = "rules"

    /// Whether any step has per-iteration times: a comparison reads the candidate's only when the
    /// baseline has some, because per-iteration samples need both sides.
    public static func hasIterationTimes(_ steps: [NcclStepResults]) -> Bool {
        steps.contains { step in
            step.points.contains { $0.outOfPlace.iterationTimesUs != nil || $0.inPlace?.iterationTimesUs != nil }
        }
    }

    /// The `compare` findings to store: a correctness finding the health rules already stored for
    /// the run (same rule, step and message: the one `nccl.correctness` definition) is left out, so
    /// `dsbench show` lists it once; without that record (a database from before the health pass)
    /// compare keeps its own.
    public static func findingsToRecord(_ findings: [Finding], storedByRules: [Finding]) -> [Finding] {
        let byRules = Set(storedByRules.map(FindingIdentity.init))
        return findings.filter { !byRules.contains(FindingIdentity($0)) }
    }

    private struct FindingIdentity: Hashable {
        var rule: String
        var step: String?
        var message: String
        init(_ finding: Finding) { rule = finding.rule; step = finding.step; message = finding.message }
    }

    /// A run's `fleet` findings: its busbw outliers and, in their declared direction, its workload
    /// metrics' (the metrics table gets the same check).
    public static func fleetFindings(_ report: FleetReport, metrics: [MetricFleetCheck.Input], threshold: Double,
                                     policy: RegressionPolicy) -> [Finding] {
        let metricOutliers = MetricFleetCheck.outliers(metrics, threshold: threshold, policy: policy)
        return FleetCheck.findings(report.outliers, threshold: threshold)
            + MetricFleetCheck.findings(metricOutliers, threshold: threshold)
    }
}
