import DSBenchCore
import DSBenchStore
import DSBenchVerdict
import Foundation

/// The tables `dsbench export csv --table …` writes, each read from the store as stored: every
/// nccl-tests row, every dmon sample, every metric row (per-sample rows too), every finding, and
/// the checks of the run's verdict.
public enum CSVTableKind: String, CaseIterable, Sendable {
    case nccl, dmon, metrics, findings, checks
}

public enum CSVTables {
    public static func load(_ kind: CSVTableKind, runID: Int64, judgement: () throws -> Judgement, store: Store) throws -> CSVTable {
        guard let detail = try store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        switch kind {
        case .nccl: return try nccl(detail, store: store)
        case .dmon: return try dmon(detail, store: store)
        case .metrics: return try metrics(detail, store: store)
        case .findings: return findings(try store.findings(runID: runID))
        case .checks: return checks(try judgement().verdict)
        }
    }

    static func nccl(_ detail: RunDetail, store: Store) throws -> CSVTable {
        var rows: [[String]] = []
        for step in detail.steps where step.nccl != nil {
            for row in try store.ncclResults(stepID: step.id) {
                let ip = row.inPlace
                rows.append([step.key, step.name, step.variant ?? "", String(step.repeatIndex), step.node,
                             step.nccl?.collective ?? "", text(step.nccl?.ranks), row.type, row.redop, String(row.root),
                             String(row.size), String(row.count),
                             text(row.outOfPlace.timeUs), text(row.outOfPlace.algbw), text(row.outOfPlace.busbw), text(row.outOfPlace.wrong),
                             text(ip?.timeUs), text(ip?.algbw), text(ip?.busbw), text(ip?.wrong), row.timestamp ?? ""])
            }
        }
        return CSVTable(header: ["step_key", "step", "variant", "repeat", "node", "collective", "ranks", "type", "redop", "root",
                                 "size_bytes", "count", "oop_time_us", "oop_algbw_gbps", "oop_busbw_gbps", "oop_wrong",
                                 "ip_time_us", "ip_algbw_gbps", "ip_busbw_gbps", "ip_wrong", "timestamp"], rows: rows)
    }

    static func dmon(_ detail: RunDetail, store: Store) throws -> CSVTable {
        var samples: [(step: String, row: DmonSampleRow)] = []
        var columns = Set<String>()
        for step in detail.steps where step.dmonSampleCount > 0 {
            for row in try store.dmonSamples(stepID: step.id) {
                columns.formUnion(row.values.keys)
                samples.append((step.key, row))
            }
        }
        let metrics = columns.sorted()
        return CSVTable(header: ["step_key", "node", "gpu", "round", "sampled_at"] + metrics, rows: samples.map { step, row in
            [step, row.node, String(row.gpu), String(row.seq), row.sampledAt ?? ""] + metrics.map { text(row.values[$0]) }
        })
    }

    static func metrics(_ detail: RunDetail, store: Store) throws -> CSVTable {
        let steps = Dictionary(detail.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return CSVTable(header: ["step_key", "node", "name", "labels", "value", "unit", "direction"],
                        rows: try store.metrics(runID: detail.run.id).map { stored in
            let step = stored.stepID.flatMap { steps[$0] }
            let labels = stored.metric.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            return [step?.key ?? "", stored.node ?? step?.node ?? "", stored.metric.name, labels, text(stored.metric.value),
                    stored.metric.unit, stored.metric.direction.rawValue]
        })
    }

    /// As stored; their class as judged is in the `checks` table (a suite can move a rule's class).
    static func findings(_ findings: [(source: String, finding: Finding)]) -> CSVTable {
        CSVTable(header: ["source", "rule", "severity", "node", "gpu", "step_key", "message", "evidence",
                          "observed", "expected", "hint"],
                 rows: findings.map { source, f in
            [source, f.rule, f.severity.rawValue, f.node ?? "",
             text(f.gpu), f.step ?? "", f.message, f.evidence, text(f.observed), text(f.expected), f.hint ?? ""]
        })
    }

    static func checks(_ verdict: Verdict) -> CSVTable {
        CSVTable(header: ["rule", "class", "outcome", "severity", "subject", "node", "step", "reason", "evidence",
                          "observed", "expected", "hint"],
                 rows: verdict.checks.map { c in
            [c.rule, c.ruleClass.rawValue, c.outcome.rawValue, c.severity.rawValue, c.subject, c.node ?? "", c.step ?? "",
             c.reason, c.evidence, text(c.observed), text(c.expected), c.hint ?? ""]
        })
    }

    /// Numbers as Swift spells them shortest (`366.8`, `1e-05`), which spreadsheets read; nil is empty.
    static func text(_ value: Double?) -> String {
        guard let value else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func text<T: BinaryInteger>(_ value: T?) -> String { value.map { String($0) } ?? "" }
}
