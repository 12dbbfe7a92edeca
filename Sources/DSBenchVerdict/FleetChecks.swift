import DSBenchAnalyze
import DSBenchCore

/// The fleet check as checks: an outlier fails (degraded hardware); a group judged without one
/// passes; a group measured on fewer nodes than the check needs is skipped, with the count.
enum FleetChecks {
    static func of(_ fleet: FleetInput, policy: VerdictPolicy) -> [VerdictCheck] {
        let report = fleet.report
        let findings = FleetCheck.findings(report.outliers, threshold: fleet.threshold)
        var checks = zip(report.outliers, findings).map { outlier, finding in
            VerdictCheck(rule: "fleet.outlier", ruleClass: .degraded, subject: "\(outlier.series.withoutNode)",
                         node: outlier.node, step: outlier.series.step.isEmpty ? nil : outlier.series.step,
                         outcome: policy.fails(rule: "fleet.outlier", class: .degraded) ? .fail : .advice,
                         severity: .warning, reason: finding.message, evidence: finding.evidence,
                         observed: outlier.value, expected: outlier.peerMedian)
        }
        for group in report.judged where !group.members.contains(where: \.isOutlier) {
            checks.append(VerdictCheck(
                rule: "fleet.outlier", ruleClass: .degraded, subject: "\(group.series)",
                step: group.series.step.isEmpty ? nil : group.series.step, outcome: .pass, severity: .info,
                reason: "no outlier among \(group.members.count) nodes in the \(group.band.rawValue) band (peer median "
                    + "\(Format.gbps(group.peerMedian)), robust z ≤ −\(Format.number(fleet.threshold)) with a "
                    + "\(Format.number(group.noiseFloor * 100)) % noise floor)"))
        }
        for skip in report.tooFewPeers {
            checks.append(VerdictCheck(
                rule: "fleet.outlier", ruleClass: .degraded, subject: "\(skip.series)",
                step: skip.series.step.isEmpty ? nil : skip.series.step, outcome: .skipped, severity: .info,
                reason: "\(skip.count) node\(skip.count == 1 ? "" : "s"): the fleet check needs at least \(skip.minimumPeers)"))
        }
        return checks
    }
}
