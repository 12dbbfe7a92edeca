import DSBenchCore

/// JSON printed by `dsbench parse ncu-csv|nsys-stats FILE`.
public enum ProfileParseJSON {
    /// `{"layout", "kernels": [{"id", "name", "short_name", "collective", "process_id", "process_name", "host",
    /// "context", "stream", "device", "cc", "grid", "block", "invocations",
    /// "metrics": [{"section", "name", "unit", "value", "min", "max", "text"}],
    /// "rules": [{"section", "name", "type", "description", "speedup_type", "speedup"}]}], "diagnostics"}`.
    public static func render(_ report: NcuReport) -> String {
        JSONWriter.render(.object([
            ("layout", .optional(report.layout?.rawValue)),
            ("kernels", .lazyArray(count: report.kernels.count) { kernel(report.kernels[$0]) }),
            ("diagnostics", SmiParseJSON.diagnostics(report.diagnostics)),
        ]))
    }

    private static func kernel(_ kernel: NcuKernel) -> JSONWriter.Value {
        .object([
            ("id", .optional(kernel.launchID)),
            ("name", .string(kernel.name)),
            ("short_name", .string(kernel.shortName)),
            ("collective", .optional(kernel.collective)),
            ("process_id", .optional(kernel.processID)),
            ("process_name", .optional(kernel.processName)),
            ("host", .optional(kernel.host)),
            ("context", .optional(kernel.context)),
            ("stream", .optional(kernel.stream)),
            ("device", .optional(kernel.device)),
            ("cc", .optional(kernel.computeCapability)),
            ("grid", .array(kernel.grid.map { .int($0) })),
            ("block", .array(kernel.block.map { .int($0) })),
            ("invocations", .int(kernel.invocations)),
            ("metrics", .array(kernel.metrics.map { metric in
                var members: [(key: String, value: JSONWriter.Value)] = [
                    ("section", .optional(metric.section)), ("name", .string(metric.name)),
                    ("unit", .string(metric.unit)), ("value", .optional(metric.value)),
                ]
                if metric.minimum != nil || metric.maximum != nil {
                    members += [("min", .optional(metric.minimum)), ("max", .optional(metric.maximum))]
                }
                if let text = metric.text { members.append(("text", .string(text))) }
                return .object(members)
            })),
            ("rules", .array(kernel.rules.map { rule in
                .object([
                    ("section", .string(rule.section)), ("name", .string(rule.name)), ("type", .string(rule.type)),
                    ("description", .string(rule.description)), ("speedup_type", .optional(rule.speedupType)),
                    ("speedup", .optional(rule.estimatedSpeedup)),
                ])
            })),
        ])
    }

    /// `{"tables": [{"report", "title", "rows": [{"name", "collective", "time_pct", "total_ns", "instances",
    /// "avg_ns", "med_ns", "min_ns", "max_ns", "stddev_ns", "other"}]}], "timeline": [per device as torch-trace],
    /// "trace_kernels", "diagnostics"}`.
    public static func render(_ report: NsysStatsReport) -> String {
        let tables: [JSONWriter.Value] = report.tables.map { table in
            .object([
                ("report", .string(table.report)),
                ("title", .optional(table.title)),
                ("rows", .array(table.rows.map { row in
                    .object([
                        ("name", .string(row.name)), ("collective", .optional(row.collective)),
                        ("time_pct", .optional(row.timePercent)), ("total_ns", .optional(row.totalNanoseconds)),
                        ("instances", .optional(row.instances)), ("avg_ns", .optional(row.averageNanoseconds)),
                        ("med_ns", .optional(row.medianNanoseconds)), ("min_ns", .optional(row.minimumNanoseconds)),
                        ("max_ns", .optional(row.maximumNanoseconds)), ("stddev_ns", .optional(row.stdDevNanoseconds)),
                        ("other", .object(row.other.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                    ])
                })),
            ])
        }
        let timeline: [JSONWriter.Value] = report.timeline.map { device in
            .object([
                ("device", .int(device.device)), ("nccl_us", .double(device.ncclMicroseconds)),
                ("compute_us", .double(device.computeMicroseconds)), ("overlap_us", .double(device.overlapMicroseconds)),
                ("overlap_pct", .double((device.overlapPercent * 100).rounded() / 100)),
                ("exposed_comm_us", .double(device.exposedCommMicroseconds)),
            ])
        }
        return JSONWriter.render(.object([
            ("tables", .array(tables)),
            ("timeline", .array(timeline)),
            ("trace_kernels", .int(report.traceKernels)),
            ("diagnostics", SmiParseJSON.diagnostics(report.diagnostics)),
        ]))
    }
}
