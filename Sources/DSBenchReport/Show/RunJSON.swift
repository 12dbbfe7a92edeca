import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import Foundation

/// `dsbench show RUN --json`: the run for machines. Keys are stable; absent values are `null`.
public enum RunJSON {
    public static func render(_ view: RunView) -> String {
        JSONWriter.render(value(view))
    }

    public static func value(_ view: RunView) -> JSONWriter.Value {
        let run = view.detail.run
        typealias V = JSONWriter.Value
        let steps: [V] = view.detail.steps.map { step in
            .object([
                ("id", .int(step.id)), ("seq", .int(step.seq)), ("key", .string(step.key)),
                ("name", .string(step.name)), ("kind", .string(step.kind)), ("node", .string(step.node)),
                ("variant", .optional(step.variant)), ("repeat", .int(step.repeatIndex)),
                ("argv", .array(step.argv.map { .string($0) })),
                ("planned_argv", step.plannedArgv.map { .array($0.map { .string($0) }) } ?? .null),
                ("env", .object(step.env.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("status", .string(step.status.rawValue)),
                ("exit_code", .optional(step.exitCode.map { Int($0) })), ("signal", .optional(step.signal.map { Int($0) })),
                ("started_at", .optional(step.startedAt.map(iso))), ("ended_at", .optional(step.endedAt.map(iso))),
                ("error", .optional(step.error)),
                ("nccl", step.nccl.map { nccl($0, headline: view.headlines[step.id]) } ?? .null),
                ("dmon_samples", .int(step.dmonSampleCount)),
                ("metrics", .array((view.metrics[step.id] ?? []).map(metric))),
            ])
        }
        let gpus: [V] = view.gpus.map { g in
            .object([
                ("node", .string(g.node)), ("index", .int(g.index)), ("name", .optional(g.name)),
                ("uuid", .optional(g.uuid)), ("pci_bus_id", .optional(g.pciBusID)),
                ("driver_version", .optional(g.driverVersion)), ("vbios_version", .optional(g.vbiosVersion)),
                ("memory_total_mib", .optional(g.memoryTotalMiB)),
                ("pcie_gen_current", .optional(g.pcieGenCurrent)), ("pcie_gen_max", .optional(g.pcieGenMax)),
                ("pcie_width_current", .optional(g.pcieWidthCurrent)), ("pcie_width_max", .optional(g.pcieWidthMax)),
                ("power_limit_w", .optional(g.powerLimitW)),
            ])
        }
        let facts: [V] = view.facts.filter { $0.key != "topology" && $0.key != "nvlink" }.map {
            .object([("node", .string($0.node)), ("key", .string($0.key)), ("value", .string($0.value))])
        }
        let diagnostics: [V] = view.diagnostics.map { d in
            .object([("step_id", .optional(d.stepID)), ("source", .optional(d.source)),
                     ("severity", .string(d.diagnostic.severity.rawValue)),
                     ("line", .optional(d.diagnostic.line)), ("message", .string(d.diagnostic.message))])
        }
        return .object([
            ("id", .int(run.id)), ("suite", .string(run.suiteName)), ("suite_hash", .string(run.suiteHash)),
            ("source", .string(run.source.rawValue)), ("status", .string(run.status.rawValue)),
            ("started_at", .optional(run.startedAt.map(iso))), ("ended_at", .optional(run.endedAt.map(iso))),
            ("dsbench_version", .string(run.dsbenchVersion)), ("user", .optional(run.user)), ("host", .optional(run.host)),
            ("labels", .object(run.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("nodes", .array(view.detail.nodes.map { n in
                let inventory = view.inventories.first { $0.node == n.name }
                return .object([("name", .string(n.name)), ("hostname", .optional(n.hostname)), ("status", .optional(n.status)),
                                ("error", .optional(n.error)), ("gpu_count", .optional(inventory?.gpuCount)),
                                ("inventory_changes", .array((inventory?.changes ?? []).map(change)))])
            })),
            ("notes", .array(InventoryNotes.lines(view.inventories, steps: view.detail.steps).map { .string($0) })),
            ("steps", .array(steps)),
            ("idle_dmon_samples", .int(view.detail.idleDmonSampleCount)),
            ("inventory", .object([("gpus", .array(gpus)), ("facts", .array(facts))])),
            ("verdict", VerdictJSON.value(view.judgement.verdict, judgedBy: view.judgement.judgedBy)),
            ("findings", .array(view.findings.map { entry in
                guard case .object(let members) = FindingJSON.value(entry.finding) else { return .null }
                return .object([("source", .string(entry.source))] + members)
            })),
            ("gpu_measurements", GPUMeasurementJSON.value(view.gpuMeasurements)),
            ("diagnostics", .array(diagnostics)),
        ])
    }

    static func change(_ c: InventoryChange) -> JSONWriter.Value {
        .object([("kind", .string(c.kind.rawValue)), ("gpu", .int(c.gpuIndex)), ("field", .optional(c.field)),
                 ("before", .optional(c.before)), ("after", .optional(c.after)), ("from", .string(c.from)),
                 ("to", .string(c.to)), ("text", .string(c.text))])
    }

    static func metric(_ stored: StoredMetric) -> JSONWriter.Value {
        let m = stored.metric
        return .object([
            ("name", .string(m.name)), ("value", .double(m.value)), ("unit", .string(m.unit)),
            ("direction", .string(m.direction.rawValue)), ("node", .optional(stored.node)),
            ("labels", .object(m.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }

    /// `avg_busbw` and `max_busbw` leave implausible values out (`NcclBusbwHeadline`);
    /// `avg_busbw_printed` is nccl-tests' own footer.
    static func nccl(_ n: NcclStepSummary, headline: NcclBusbwHeadline?) -> JSONWriter.Value {
        .object([
            ("program", .optional(n.program)), ("collective", .optional(n.collective)), ("ranks", .optional(n.ranks)),
            ("avg_busbw", .optional(headline?.avgBusbw)), ("max_busbw", .optional(headline?.maxBusbw)),
            ("avg_busbw_printed", .optional(n.avgBusbw)), ("implausible_values", .int(headline?.implausible ?? 0)),
            ("not_measured_one_rank", .bool(headline?.isNotMeasuredOnOneRank ?? false)), ("rows", .int(n.rowCount)),
            ("complete", .bool(n.complete)), ("out_of_bounds", .optional(n.outOfBounds)),
            ("out_of_bounds_ok", .optional(n.outOfBoundsOK)), ("nccl_version", .optional(n.ncclVersion)),
            ("nccl_tests_version", .optional(n.testsVersion)),
        ])
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
