import DSBenchCore

/// The JSON that `dsbench parse nccl-tests FILE` prints: a parsed report with snake_case
/// keys in a fixed order and explicit `null` for values that were `N/A`, not finite, or
/// absent, so that scripts can rely on every key being there.
public enum NcclTestsParseJSON {
    public static func render(_ report: NcclTestsReport) -> String {
        JSONWriter.render(value(report))
    }

    public static func value(_ r: NcclTestsReport) -> JSONWriter.Value {
        .object([
            ("complete", .bool(r.complete)),
            ("avg_busbw", .optional(r.avgBusBandwidth)),
            ("out_of_bounds", .optional(r.outOfBounds)),
            ("rows", .lazyArray(count: r.rows.count) { [rows = r.rows] in row(rows[$0]) }),
            ("program", .optional(r.program)),
            ("nccl_tests_version", .optional(r.testsVersion)),
            ("nccl_version", .optional(r.ncclVersion)),
            ("parameters", r.parameters.map(parameters) ?? .null),
            ("devices", .array(r.devices.map(device))),
            ("errors", .array(r.errors.map(error))),
            ("diagnostics", .array(r.diagnostics.map { d in
                .string(d.line.map { "line \($0): \(d.message)" } ?? d.message)
            })),
        ])
    }

    private static func row(_ row: NcclTestsRow) -> JSONWriter.Value {
        .object([
            ("size", .int(row.size)),
            ("count", .int(row.count)),
            ("type", .string(row.type)),
            ("redop", .string(row.redop)),
            ("root", .int(row.root)),
            ("out_of_place", measurement(row.outOfPlace)),
            ("in_place", row.inPlace.map(measurement) ?? .null),
        ])
    }

    private static func measurement(_ m: NcclTestsMeasurement) -> JSONWriter.Value {
        .object([
            ("time_us", .optional(m.timeUs)),
            ("algbw", .optional(m.algbw)),
            ("busbw", .optional(m.busbw)),
            ("wrong", .optional(m.wrong)),
        ])
    }

    private static func parameters(_ p: NcclTestsParameters) -> JSONWriter.Value {
        .object([
            ("n_thread", .int(p.nThread)),
            ("n_gpus", .int(p.nGpus)),
            ("min_bytes", .int(p.minBytes)),
            ("max_bytes", .int(p.maxBytes)),
            ("step", .int(p.step)),
            ("step_kind", .string(p.stepKind)),
            ("warmup_iters", .int(p.warmupIters)),
            ("iters", .int(p.iters)),
            ("agg_iters", .optional(p.aggIters)),
            ("validation", .int(p.validation)),
            ("graph", .optional(p.graph)),
            ("unalign", .optional(p.unalign)),
        ])
    }

    private static func device(_ d: NcclTestsDevice) -> JSONWriter.Value {
        .object([
            ("rank", .int(d.rank)),
            ("group", .optional(d.group)),
            ("pid", .optional(d.pid)),
            ("host", .string(d.host)),
            ("cuda_device", .int(d.cudaDevice)),
            ("bus_id", .string(d.busId)),
            ("name", .string(d.name)),
        ])
    }

    private static func error(_ e: NcclTestsError) -> JSONWriter.Value {
        .object([
            ("kind", .string(e.kind)),
            ("host", .optional(e.host)),
            ("location", .optional(e.location)),
            ("message", .string(e.message)),
            ("line", .int(e.line)),
        ])
    }
}
