import DSBenchVerdict
import Foundation

/// The report for machines; docs/report-json.md documents every key. Keys keep their order,
/// absent values are `null`, and `schema` changes when a key changes meaning.
public struct JSONReport: ReportRenderer {
    public static let schema = "dsbench-report/2"
    public init() {}

    public func render(_ report: ReportModel) -> String { JSONWriter.render(value(report)) + "\n" }

    public func value(_ r: ReportModel) -> JSONWriter.Value {
        typealias V = JSONWriter.Value
        func strings(_ list: [String]) -> V { .array(list.map { .string($0) }) }
        let run = r.run
        let collectives: [V] = r.collectives.map { c in
            .object([("collective", .string(c.collective)), ("series", .array(c.series.map { s in
                .object([
                    ("key", .string(s.key)), ("ranks", .optional(s.ranks)), ("nodes", strings(s.nodes)),
                    ("steps", .int(s.stepCount)), ("baseline_match", .optional(s.baselineMatch)),
                    ("key_sizes", .array(s.keyPointIndices.filter { $0 < s.points.count }.map { .int(s.points[$0].size) })),
                    ("points", .array(s.points.map { p in
                        .object([("size", .int(p.size)), ("busbw", .double(p.busbw)), ("samples", .int(p.samples)),
                                 ("time_us", .optional(p.timeUs)),
                                 ("baseline", .optional(p.baseline)), ("lower", .optional(p.lower)), ("upper", .optional(p.upper)),
                                 ("delta_percent", .optional(p.deltaPercent)), ("tolerance_percent", .double(p.tolerancePercent)),
                                 ("status", .string(p.status.rawValue))])
                    })),
                ])
            }))])
        }
        let heatmaps: [V] = r.heatmaps.map { h in
            .object([("series", .string(h.seriesKey)), ("collective", .string(h.collective)), ("nodes", strings(h.nodes)),
                     ("sizes", .array(h.sizes.map { .int($0) })), ("failed_nodes", strings(h.failedNodes)),
                     ("ratios", .array(h.cells.map { row in .array(row.map { .optional($0?.ratio) }) }))])
        }
        let dmon: V = .object([
            ("summary", .array(r.dmonSummary.map { s in
                .object([("node", .string(s.node)), ("gpu", .int(s.gpu)), ("metric", .string(s.metric)), ("unit", .string(s.unit)),
                         ("samples", .int(s.samples)), ("min", .double(s.min)), ("mean", .double(s.mean)), ("max", .double(s.max))])
            })),
            ("charts", .array(r.dmon.map { c in
                .object([("node", .string(c.node)), ("metric", .string(c.metric)), ("unit", .string(c.unit)),
                         ("duration_s", .double(c.duration)), ("raw_points", .int(c.rawPoints)), ("plotted_points", .int(c.plottedPoints)),
                         ("steps", .array(c.steps.map { .object([("label", .string($0.label)), ("start_s", .double($0.start)),
                                                                 ("end_s", .double($0.end))]) }))])
            })),
        ])
        let trend: [V] = r.trend.map { t in
            .object([("series", .string(t.seriesKey)), ("collective", .string(t.collective)), ("size", .int(t.size)),
                     ("points", .array(t.points.map { p in
                         .object([("run_id", .int(p.runID)), ("started_at", .optional(p.startedAt.map(iso))),
                                  ("busbw", .double(p.busbw)), ("current", .bool(p.isCurrent))])
                     })),
                     ("change_points", .array(t.changePoints.map { c in
                         .object([("point_index", .int(c.pointIndex)), ("run_id", .int(c.runID)),
                                  ("mean_before", .double(c.meanBefore)), ("mean_after", .double(c.meanAfter)),
                                  ("change_percent", .optional(c.changePercent)), ("statistic", .double(c.statistic))])
                     }))])
        }
        let inventory: V = .object([
            ("summary", .array(r.inventory.summary.map { a in
                .object([("attribute", .string(a.name)), ("unit", .string(a.unit)), ("heterogeneous", .bool(a.heterogeneous)),
                         ("values", .array(a.values.map { .object([("value", .string($0.value)), ("count", .int($0.count))]) }))])
            })),
            ("nodes", .array(r.nodeInventories.map { n in
                .object([("node", .string(n.node)), ("gpu_count", .int(n.gpuCount)), ("inventories", strings(n.inventories)),
                         ("changes", .array(n.changes.map(RunJSON.change)))])
            })),
            ("gpus", .array(r.inventory.gpus.map { g in
                .object([("node", .string(g.node)), ("index", .int(g.index)), ("name", .string(g.name)), ("driver", .string(g.driver)),
                         ("vbios", .string(g.vbios)), ("memory_mib", .optional(g.memoryMiB)), ("pcie_current", .string(g.pcieCurrent)),
                         ("pcie_max", .string(g.pcieMax)), ("power_limit_w", .optional(g.powerLimitW)),
                         ("pcie_degraded", .bool(g.pcieDegraded))])
            })),
        ])
        let topology: [V] = r.topology.map { t in
            .object([("nodes", strings(t.nodes)), ("devices", strings(t.devices)), ("rows", .array(t.rows.map { row in
                .object([("device", .string(row.device)), ("cells", strings(row.cells)),
                         ("cpu_affinity", .optional(row.cpuAffinity)), ("numa_affinity", .optional(row.numaAffinity))])
            }))])
        }
        let findings: [V] = r.findings.map { f in
            .object([("source", .string(f.source)), ("rule", .string(f.finding.rule)), ("severity", .string(f.finding.severity.rawValue)),
                     ("node", .optional(f.finding.node)), ("gpu", .optional(f.finding.gpu)), ("step", .optional(f.finding.step)),
                     ("message", .string(f.finding.message)), ("evidence", .string(f.finding.evidence)),
                     ("observed", .optional(f.finding.observed)), ("expected", .optional(f.finding.expected))])
        }
        let nodeCauses: JSONWriter.Value = .array(NodeCause.links(r.verdict).map { link in
            .object([("symptom", VerdictJSON.check(link.symptom)), ("causes", .array(link.causes.map(VerdictJSON.check)))])
        })
        return .object([
            ("schema", .string(Self.schema)),
            ("run", .object([
                ("id", .int(run.id)), ("suite", .string(run.suite)), ("suite_hash", .string(run.suiteHash)),
                ("suite_text", .optional(run.suiteText)), ("source", .string(run.source)), ("status", .string(run.status)),
                ("started_at", .optional(run.startedAt.map(iso))), ("ended_at", .optional(run.endedAt.map(iso))),
                ("dsbench_version", .string(run.dsbenchVersion)), ("user", .optional(run.user)), ("host", .optional(run.host)),
                ("labels", .object(run.labels.map { ($0.key, .string($0.value)) })),
                ("steps", .int(run.stepCount)), ("nodes", .int(run.nodeCount)),
            ])),
            ("verdict", VerdictJSON.value(r.verdict, judgedBy: r.judgedBy)),
            ("mixed", strings(r.mixed)),
            ("inventory_notes", strings(r.inventoryNotes)),
            ("tolerances", .array(r.tolerances.bands.map { b in
                .object([("band", .string(b.name)), ("max_bytes", .optional(b.maxBytes)), ("tolerance", .double(b.tolerance))])
            })),
            ("baseline", r.baseline.map { b in
                .object([("run_ids", .array(b.runIDs.map { .int($0) })), ("suites", strings(b.suites))])
            } ?? .null),
            ("collectives", .array(collectives)),
            ("heatmaps", .array(heatmaps)),
            ("dmon", dmon),
            ("trend", .array(trend)),
            ("metrics", .array(r.metrics.map { m in
                .object([("step", .string(m.step)), ("node", .optional(m.node)), ("name", .string(m.name)),
                         ("value", .double(m.value)), ("unit", .string(m.unit)), ("direction", .string(m.direction.rawValue)),
                         ("labels", .object(m.labels.map { ($0.key, .string($0.value)) }))])
            })),
            ("gpu_measurements", GPUMeasurementJSON.value(r.gpuMeasurements)),
            ("node_causes", nodeCauses),
            ("node_health", .object([
                ("columns", .array(NodeHealthSection.columns.map { .string($0) })),
                ("rows", .array(r.nodeHealth.rows.map { row in
                    .object([("node", .string(row.node)), ("gpu", .int(row.gpu)), ("cells", .array(row.cells.map { .string($0) }))])
                })),
                ("checks", .array(r.nodeHealth.checks.map(VerdictJSON.check))),
            ])),
            ("profiles", .array(r.profiles.map { t in
                .object([("step", .string(t.step)), ("node", .optional(t.node)), ("tool", .string(t.tool)),
                         ("kernels", .array(t.kernels.map { k in
                             .object([("name", .string(k.name)), ("launches", .optional(k.launches)),
                                      ("mean_us", .optional(k.meanMicroseconds)), ("share_pct", .optional(k.sharePercent)),
                                      ("sm_pct", .optional(k.smPercent)), ("memory_pct", .optional(k.memoryPercent)),
                                      ("dram_pct", .optional(k.dramPercent)),
                                      ("baseline_change", .optional(k.baselineChange)), ("regressed", .bool(k.regressed))])
                         })),
                         ("totals", .array(t.totals.map { .object([("label", .string($0.label)), ("value", .double($0.value)),
                                                                  ("unit", .string($0.unit))]) }))])
            })),
            ("inventory", inventory),
            ("topology", .array(topology)),
            ("findings", .array(findings)),
            ("failed_nodes", .array(r.failedNodes.map { n in
                .object([("node", .string(n.node)), ("status", .string(n.status)), ("error", .optional(n.error))])
            })),
            ("failed_steps", .array(r.failedSteps.map { s in
                .object([("key", .string(s.key)), ("node", .string(s.node)), ("status", .string(s.status)),
                         ("exit_code", .optional(s.exitCode.map { Int($0) })), ("error", .optional(s.error))])
            })),
            ("versions", .array(r.versions.map { .object([("name", .string($0.name)), ("values", strings($0.values))]) })),
        ])
    }
}

private func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}
