import DSBenchCore

/// JSON printed by `dsbench parse workload|workload-log|torch-trace FILE`.
public enum WorkloadParseJSON {
    /// `{"devices": [{"device", "nccl_us", "compute_us", "overlap_us", "overlap_pct", "exposed_comm_us",
    /// "collectives": {name: {"count", "us"}}}], "kernel_events", "diagnostics"}`.
    public static func render(_ trace: TorchTraceReport) -> String {
        let devices: [JSONWriter.Value] = trace.devices.map { device in
            let collectives: [(key: String, value: JSONWriter.Value)] = device.collectives
                .sorted { $0.key < $1.key }
                .map { ($0.key, .object([("count", .int($0.value.count)), ("us", .double(rounded($0.value.microseconds)))])) }
            return .object([
                ("device", .int(device.device)),
                ("nccl_us", .double(rounded(device.ncclMicroseconds))),
                ("compute_us", .double(rounded(device.computeMicroseconds))),
                ("overlap_us", .double(rounded(device.overlapMicroseconds))),
                ("overlap_pct", .double((device.overlapPercent * 100).rounded() / 100)),
                ("exposed_comm_us", .double(rounded(device.exposedCommMicroseconds))),
                ("collectives", .object(collectives)),
            ])
        }
        return JSONWriter.render(.object([
            ("devices", .array(devices)),
            ("kernel_events", .int(trace.kernelEvents)),
            ("diagnostics", SmiParseJSON.diagnostics(trace.diagnostics)),
        ]))
    }

    /// `{"metrics": [{"name", "unit", "direction", "samples", "dropped", "summary": {stat: value}}],
    /// "failures": [{"kind", "line", "rank", "signal", "message"}], "diagnostics"}`.
    public static func render(_ report: WorkloadReport) -> String {
        let metrics: [JSONWriter.Value] = report.series.map { series in
            .object([
                ("name", .string(series.rule.name)),
                ("labels", series.labels.map { labels in
                    .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                } ?? .null),
                ("unit", .string(series.rule.unit)),
                ("direction", .string(series.rule.direction.rawValue)),
                ("samples", .array(series.samples.map { .double($0) })),
                ("dropped", .int(series.dropped)),
                ("summary", .object(series.summaryValues.map { ($0.stat.rawValue, .double($0.value)) })),
            ])
        }
        let failures: [JSONWriter.Value] = report.failures.map { failure in
            .object([
                ("kind", .string(failure.kind.rawValue)),
                ("line", .int(failure.line)),
                ("rank", .optional(failure.rank)),
                ("signal", .optional(failure.signal.map(Int.init))),
                ("message", .string(failure.message)),
            ])
        }
        return JSONWriter.render(.object([
            ("metrics", .array(metrics)),
            ("failures", .array(failures)),
            ("summary", .optional(report.failureSummary)),
            ("diagnostics", SmiParseJSON.diagnostics(report.diagnostics)),
        ]))
    }

    /// Microseconds to ns precision: the trace has no more.
    private static func rounded(_ microseconds: Double) -> Double {
        (microseconds * 1000).rounded() / 1000
    }
}
