import DSBenchCore

/// JSON printed by `dsbench parse dmon|query-gpu|topo|nvlink|facts FILE`: every record with
/// explicit nulls and a fixed key order, so that output can be diffed and scripted.
public enum SmiParseJSON {
    /// `{"columns", "units", "samples": [{"gpu", "round", "timestamp", <column>: number|null…}], "diagnostics"}`.
    public static func render(_ dmon: DmonCapture) -> String { JSONWriter.render(value(dmon)) }

    static func value(_ dmon: DmonCapture) -> JSONWriter.Value {
        let keyed: Set<String> = ["gpu", "date", "time", "round", "timestamp"]
        let valueColumns = unique(dmon.columns.filter { !keyed.contains($0) })
        let samples = dmon.samples
        let sample = { @Sendable (index: Int) -> JSONWriter.Value in
            let sample = samples[index]
            var members: [(key: String, value: JSONWriter.Value)] = [
                ("gpu", .int(sample.gpu)), ("round", .int(sample.round)), ("timestamp", .optional(sample.timestamp)),
            ]
            for column in valueColumns { members.append((column, .optional(sample.values[column] ?? nil))) }
            // Samples read under an earlier header may carry columns the last header lacks.
            for key in sample.values.keys.sorted() where !valueColumns.contains(key) {
                members.append((key, .optional(sample.values[key] ?? nil)))
            }
            return .object(members)
        }
        return .object([
            ("columns", .array(dmon.columns.map { .optional($0) })),
            ("units", .array(dmon.units.map { .optional($0) })),
            ("samples", .lazyArray(count: samples.count, element: sample)),
            ("diagnostics", diagnostics(dmon.diagnostics)),
        ])
    }

    /// `{"fields", "gpus": [{field: value|null}], "unavailable": [{"row", "field", "reason"}], "diagnostics"}`.
    public static func render(_ table: GPUQueryTable) -> String { JSONWriter.render(value(table)) }

    static func value(_ table: GPUQueryTable) -> JSONWriter.Value {
        let names = unique(table.fieldNames)
        var unavailable: [JSONWriter.Value] = []
        for (row, record) in table.records.enumerated() {
            for field in record.unavailable.keys.sorted() {
                unavailable.append(.object([("row", .int(row)), ("field", .optional(field)),
                                            ("reason", .optional(record.unavailable[field]))]))
            }
        }
        let records = table.records
        return .object([
            ("fields", .array(names.map { .optional($0) })),
            ("gpus", .lazyArray(count: records.count) { row in
                .object(names.map { ($0, .optional(records[row].string($0))) })
            }),
            ("unavailable", .array(unavailable)),
            ("diagnostics", diagnostics(table.diagnostics)),
        ])
    }

    /// `{"devices", "rows": [{"device", "links": {device: code|null}, "cpu_affinity", …}], "nic_legend", "diagnostics"}`.
    public static func render(_ topology: TopologyMatrix) -> String {
        let devices = unique(topology.devices)
        let rows: [JSONWriter.Value] = topology.rows.map { row in
            let links: [(key: String, value: JSONWriter.Value)] = devices.map { device in
                (device, .optional(topology.devices.firstIndex(of: device).flatMap { $0 < row.cells.count ? row.cells[$0] : nil }))
            }
            return .object([
                ("device", .optional(row.device)), ("links", .object(links)),
                ("cpu_affinity", .optional(row.cpuAffinity)), ("numa_affinity", .optional(row.numaAffinity)),
                ("gpu_numa_id", .optional(row.gpuNumaID)),
            ])
        }
        let legend = topology.nicLegend.keys.sorted().map { (key: $0, value: JSONWriter.Value.optional(topology.nicLegend[$0])) }
        return JSONWriter.render(.object([
            ("devices", .array(topology.devices.map { .optional($0) })),
            ("rows", .array(rows)),
            ("nic_legend", .object(legend)),
            ("diagnostics", diagnostics(topology.diagnostics)),
        ]))
    }

    /// `{"gpus": [{"index", "name", "uuid", "links": [{"link", "gb_per_s", "inactive", "note"}]}], "diagnostics"}`.
    public static func render(_ nvlink: NvlinkStatus) -> String {
        let gpus: [JSONWriter.Value] = nvlink.gpus.map { gpu in
            .object([
                ("index", .int(gpu.index)), ("name", .optional(gpu.name)), ("uuid", .optional(gpu.uuid)),
                ("links", .array(gpu.links.map { link in
                    .object([("link", .int(link.link)), ("gb_per_s", .optional(link.gbPerSecond)),
                             ("inactive", .bool(link.inactive)), ("note", .optional(link.note))])
                })),
            ])
        }
        return JSONWriter.render(.object([("gpus", .array(gpus)), ("diagnostics", diagnostics(nvlink.diagnostics))]))
    }

    /// `{"facts": {key: value} (sorted), "diagnostics"}`.
    public static func render(facts: [String: String], diagnostics list: [Diagnostic]) -> String {
        let members = facts.keys.sorted().map { (key: $0, value: JSONWriter.Value.optional(facts[$0])) }
        return JSONWriter.render(.object([("facts", .object(members)), ("diagnostics", diagnostics(list))]))
    }

    /// `[{"severity", "line": n|null, "message"}]`.
    public static func diagnostics(_ list: [Diagnostic]) -> JSONWriter.Value {
        .array(list.map { diagnostic in
            .object([("severity", .optional(diagnostic.severity.rawValue)),
                     ("line", diagnostic.line.map { .int($0) } ?? .null),
                     ("message", .optional(diagnostic.message))])
        })
    }

    /// Keys must not repeat inside one JSON object; the first occurrence wins.
    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
