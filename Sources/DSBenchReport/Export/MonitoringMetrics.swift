import DSBenchCore
import DSBenchStore
import DSBenchVerdict
import Foundation

/// The metric families of one run (docs/monitoring.md lists every one with its labels and the
/// cardinality bound). Pure: a `MonitoringInput` in, families out, in a fixed order.
///
/// Every series carries `suite`: node_exporter reads one file per suite from the same folder and
/// refuses a series that two files both have. Nothing per iteration, per sample or per run id is
/// a label, so a nightly suite keeps the same series from night to night.
public enum MonitoringMetrics {
    public static func families(_ input: MonitoringInput) -> MetricsModel {
        MetricsModel(families: run(input) + verdict(input) + nccl(input) + workload(input))
    }

    typealias L = MetricSample.Label

    static func run(_ input: MonitoringInput) -> [MetricFamily] {
        let run = input.run, suite = L("suite", run.suite)
        var families = [
            MetricFamily(name: "dsbench_info", help: "dsbench that wrote this export (version) and that made the run (run_version); always 1.",
                         kind: .info, samples: [MetricSample([suite, L("version", input.exporterVersion), L("run_version", run.dsbenchVersion)], 1)]),
            MetricFamily(name: "dsbench_run_id", help: "Id of the exported run in the dsbench database (dsbench show ID).",
                         samples: [MetricSample([suite], Double(run.id))]),
        ]
        if let started = run.startedAt {
            families.append(MetricFamily(name: "dsbench_run_start_timestamp_seconds", help: "When the run started, Unix time.",
                                         unit: "seconds", samples: [MetricSample([suite], started.timeIntervalSince1970)]))
        }
        if let ended = run.endedAt {
            families.append(MetricFamily(name: "dsbench_run_end_timestamp_seconds", help: "When the run ended, Unix time.",
                                         unit: "seconds", samples: [MetricSample([suite], ended.timeIntervalSince1970)]))
            if let started = run.startedAt {
                families.append(MetricFamily(name: "dsbench_run_duration_seconds", help: "How long the run took, start to end.",
                                             unit: "seconds", samples: [MetricSample([suite], max(0, ended.timeIntervalSince(started)))]))
            }
        }
        families.append(MetricFamily(
            name: "dsbench_run_status", help: "How the run ended: 1 for its status, 0 for the others.",
            samples: RunStatus.allCases.map { MetricSample([suite, L("status", $0.rawValue)], $0 == run.status ? 1 : 0) }))
        families.append(MetricFamily(name: "dsbench_run_nodes", help: "Nodes the run used.",
                                     samples: [MetricSample([suite], Double(run.nodeCount))]))
        families.append(MetricFamily(
            name: "dsbench_run_steps", help: "Steps of the run by status.",
            samples: StepStatus.allCases.map { status in
                MetricSample([suite, L("status", status.rawValue)], Double(run.stepStatuses.filter { $0 == status }.count))
            }))
        return families
    }

    /// Outcomes that found something: what `dsbench show` lists as problems, less the
    /// not-comparable and skipped checks (those say what could not be judged).
    static let findingOutcomes: [VerdictCheck.Outcome] = [.fail, .error, .advice]

    static func verdict(_ input: MonitoringInput) -> [MetricFamily] {
        let verdict = input.verdict, suite = L("suite", input.run.suite)
        var families = [
            MetricFamily(name: "dsbench_verdict_status",
                         help: "The run's one verdict: 1 for its status (pass, fail, error, no_verdict), 0 for the others.",
                         samples: Verdict.Status.allCases.map { MetricSample([suite, L("status", $0.rawValue)], $0 == verdict.status ? 1 : 0) }),
            MetricFamily(name: "dsbench_verdict_exit_code",
                         help: "Exit code of the verdict, as dsbench check exits: 0 pass, 1 fail, 2 error or no_verdict.",
                         samples: [MetricSample([suite], Double(verdict.exitCode))]),
        ]
        if let judgedAt = input.judgedAt {
            families.append(MetricFamily(name: "dsbench_verdict_timestamp_seconds", help: "When the verdict was made, Unix time.",
                                         unit: "seconds", samples: [MetricSample([suite], judgedAt.timeIntervalSince1970)]))
        }
        var byClassOutcome: [String: Int] = [:], byClassSeverity: [String: Int] = [:]
        for check in verdict.checks {
            byClassOutcome["\(check.ruleClass.rawValue) \(check.outcome.rawValue)", default: 0] += 1
            if findingOutcomes.contains(check.outcome) {
                byClassSeverity["\(check.ruleClass.rawValue) \(check.severity.rawValue)", default: 0] += 1
            }
        }
        families.append(MetricFamily(
            name: "dsbench_verdict_checks",
            help: "Checks the verdict made, by rule class and outcome (class=\"regression\",outcome=\"fail\" counts regressions).",
            samples: RuleClass.allCases.flatMap { ruleClass in
                VerdictCheck.Outcome.allCases.map { outcome in
                    MetricSample([suite, L("class", ruleClass.rawValue), L("outcome", outcome.rawValue)],
                                 Double(byClassOutcome["\(ruleClass.rawValue) \(outcome.rawValue)"] ?? 0))
                }
            }))
        families.append(MetricFamily(
            name: "dsbench_verdict_findings",
            help: "Checks of the verdict that found something (outcome fail, error or advice), by rule class and severity.",
            samples: RuleClass.allCases.flatMap { ruleClass in
                Finding.Severity.allCases.map { severity in
                    MetricSample([suite, L("class", ruleClass.rawValue), L("severity", severity.rawValue)],
                                 Double(byClassSeverity["\(ruleClass.rawValue) \(severity.rawValue)"] ?? 0))
                }
            }))
        struct RuleKey: Hashable, Comparable {
            var rule: String, outcome: String, node: String
            static func < (a: RuleKey, b: RuleKey) -> Bool { (a.rule, a.outcome, a.node) < (b.rule, b.outcome, b.node) }
        }
        var byRule: [RuleKey: Int] = [:]
        for check in verdict.checks where findingOutcomes.contains(check.outcome) {
            byRule[RuleKey(rule: check.rule, outcome: check.outcome.rawValue, node: check.node ?? ""), default: 0] += 1
        }
        families.append(MetricFamily(
            name: "dsbench_verdict_rule_findings",
            help: "Checks of the verdict that found something, by rule id, outcome and node (node empty: not about one node).",
            samples: byRule.keys.sorted().map { key in
                MetricSample([suite, L("rule", key.rule), L("outcome", key.outcome), L("node", key.node)], Double(byRule[key] ?? 0))
            }))
        return families
    }
}
