import DSBenchCore

/// JSON printed by `dsbench parse nvbandwidth FILE`.
public enum NvbandwidthParseJSON {
    /// `{"version", "driver_version", "cuda_runtime_version", "devices", "error", "testcases":
    /// [{"name", "status", "description", "unit", "rows": {"kind", "labels"}, "columns": {…},
    /// "matrix": [[value or null]], "sum", "message"}], "diagnostics"}`.
    public static func render(_ report: NvbandwidthReport) -> String {
        let testcases: [JSONWriter.Value] = report.testcases.map { testcase in
            .object([
                ("name", .optional(testcase.name)),
                ("status", .string(testcase.status.rawValue)),
                ("description", .optional(testcase.description)),
                ("unit", .optional(testcase.unit)),
                ("rows", .object([("kind", .optional(testcase.rowKind)),
                                  ("labels", .array(testcase.rowLabels.map { .string($0) }))])),
                ("columns", .object([("kind", .optional(testcase.columnKind)),
                                     ("labels", .array(testcase.columnLabels.map { .string($0) }))])),
                ("matrix", .array(testcase.values.map { row in .array(row.map { .optional($0) }) })),
                ("sum", .optional(testcase.sum)),
                ("message", .optional(testcase.message)),
            ])
        }
        return JSONWriter.render(.object([
            ("version", .optional(report.version)),
            ("driver_version", .optional(report.driverVersion)),
            ("cuda_runtime_version", .optional(report.cudaRuntimeVersion)),
            ("devices", .array(report.devices.map { .string($0) })),
            ("error", .optional(report.error)),
            ("testcases", .array(testcases)),
            ("diagnostics", SmiParseJSON.diagnostics(report.diagnostics)),
        ]))
    }
}
