import DSBenchCore

/// JSON printed by `dsbench parse smi-q|smi-health|nvlink-errors|kernel-log FILE`.
public enum GPUHealthParseJSON {
    /// `{"source", "gpus": [{"index", "pci_bus_id", "values": {key: {"text", "number"}}}], "diagnostics"}`.
    public static func render(_ report: GPUHealthReport) -> String {
        JSONWriter.render(.object([
            ("source", .optional(report.source)),
            ("gpus", .array(report.gpus.map { gpu in
                .object([
                    ("index", .int(Int64(gpu.index))), ("pci_bus_id", .optional(gpu.pciBusID)),
                    ("values", .object(gpu.values.map { value in
                        (value.key, .object([("text", .optional(value.text)), ("number", .optional(value.number))]))
                    })),
                ])
            })),
            ("diagnostics", SmiParseJSON.diagnostics(report.diagnostics)),
        ]))
    }

    /// `{"lines", "driver_lines", "events": [{"kind", "code", "pci_address", "pid", "name", "detail", "timestamp", "line"}], "diagnostics"}`.
    public static func render(_ report: KernelLogReport) -> String {
        JSONWriter.render(.object([
            ("lines", .int(Int64(report.lines))), ("driver_lines", .int(Int64(report.driverLines))),
            ("events", .array(report.events.map { event in
                .object([
                    ("kind", .optional(event.kind.rawValue)), ("code", .int(Int64(event.code))),
                    ("pci_address", .optional(event.pciAddress)), ("pid", event.pid.map { .int(Int64($0)) } ?? .null),
                    ("name", .optional(event.processName)), ("detail", .optional(event.detail)),
                    ("timestamp", .optional(event.timestamp)), ("line", .int(Int64(event.line))),
                ])
            })),
            ("diagnostics", SmiParseJSON.diagnostics(report.diagnostics)),
        ]))
    }
}
