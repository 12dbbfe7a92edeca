import DSBenchAnalyze
import DSBenchCore
import DSBenchVerdict

/// The per-node × GPU tables of `show` and the report: host↔device bandwidth against the PCIe
/// link (nvbandwidth) and the micro-benchmarks against the catalogue's figure for the GPU's model,
/// each row with the verdict's failing checks of that GPU. Cells are text, so the text, Markdown,
/// HTML and JSON forms print the same thing; which checks fail is the verdict's.
public struct GPUMeasurementTables: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        /// `host-device`, `micro`: the JSON key and the HTML id.
        public var id: String
        public var title: String
        public var header: [String]
        public var rows: [Row]
    }

    public struct Row: Sendable, Equatable {
        public var node: String
        public var gpu: Int
        public var cells: [String]
        /// Rule ids of the verdict's failing checks about this GPU that the table's numbers bear on.
        public var failing: [String]
    }

    public var tables: [Table]

    public var isEmpty: Bool { tables.isEmpty }

    /// Checks that bear on a host↔device number, and on a compute or memory number (its clocks).
    static let hostRules = ["pcie."]
    static let microRules = ["metric.", "gpu.clock", "gpu.violation"]

    public static func build(_ measured: GPUMeasurements, verdict: Verdict) -> GPUMeasurementTables {
        func failing(_ node: String, _ gpu: Int, _ prefixes: [String]) -> [String] {
            var seen = Set<String>()
            return verdict.checks.filter { check in
                check.outcome == .fail && check.node == node && check.gpu == gpu && prefixes.contains { check.rule.hasPrefix($0) }
            }.map(\.rule).filter { seen.insert($0).inserted }
        }
        var tables: [Table] = []
        if !measured.hostCopies.isEmpty {
            tables.append(Table(
                id: "host-device", title: "host↔device bandwidth per GPU (nvbandwidth, best of the CE and SM copies)",
                header: ["node", "GPU", "H→D GB/s", "D→H GB/s", "PCIe link", "link GB/s", "slower of link", "checks"],
                rows: measured.hostCopies.map { row in
                    let fails = failing(row.node, row.gpu, hostRules)
                    return Row(node: row.node, gpu: row.gpu, cells: [
                        row.node, String(row.gpu), TimeFormat.number(row.hostToDevice), TimeFormat.number(row.deviceToHost),
                        row.link ?? "–", TimeFormat.number(row.capacity), row.fractionOfLink.map(percent) ?? "–",
                        fails.isEmpty ? "" : "FAIL " + fails.joined(separator: ", "),
                    ], failing: fails)
                }))
        }
        if !measured.microRows.isEmpty {
            tables.append(Table(
                id: "micro", title: "micro-benchmarks per GPU (each mode measured, alone / all GPUs at once; "
                    + "% of the catalogue's figure for the GPU model, worst mode)",
                header: ["node", "GPU"] + measured.microColumns.map { "\($0.name) \($0.unit)" } + ["checks"],
                rows: measured.microRows.map { row in
                    let fails = failing(row.node, row.gpu, microRules)
                    return Row(node: row.node, gpu: row.gpu,
                               cells: [row.node, String(row.gpu)] + row.cells.map(cell)
                                   + [fails.isEmpty ? "" : "FAIL " + fails.joined(separator: ", ")],
                               failing: fails)
                }))
        }
        return GPUMeasurementTables(tables: tables)
    }

    /// `666.2 / 663.1 (99.5 %)`.
    static func cell(_ cell: GPUMeasurements.MicroCell?) -> String {
        guard let cell else { return "–" }
        let values = cell.values.map { TimeFormat.number($0.value, decimals: 1) }.joined(separator: " / ")
        return values + (cell.fractionOfExpected.map { " (\(percent($0)))" } ?? "")
    }

    static func percent(_ fraction: Double) -> String { Format.share(fraction) }
}

/// The tables as `show` prints them, and as Markdown.
public enum GPUMeasurementText {
    public static func render(_ tables: GPUMeasurementTables) -> String {
        tables.tables.map { table in
            "\n\(table.title)\n" + TextTable.render(header: table.header, rows: table.rows.map(\.cells), indent: 2)
        }.joined()
    }

    public static func markdown(_ tables: GPUMeasurementTables, cell: (String) -> String) -> String {
        guard !tables.isEmpty else { return "" }
        var out = "## Per-GPU measurements\n\n"
        for table in tables.tables {
            out += "\(cell(table.title))\n\n"
            out += "| " + table.header.map(cell).joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: "---|", count: table.header.count) + "\n"
            for row in table.rows { out += "| " + row.cells.map(cell).joined(separator: " | ") + " |\n" }
            out += "\n"
        }
        return out
    }
}

/// The tables in `show --json` and report.json: `{"host-device": {title, header, rows: [{node, gpu, cells, failing}]}}`.
enum GPUMeasurementJSON {
    static func value(_ tables: GPUMeasurementTables) -> JSONWriter.Value {
        .object(tables.tables.map { table in
            (key: table.id, value: .object([
                ("title", .string(table.title)), ("header", .array(table.header.map { .string($0) })),
                ("rows", .array(table.rows.map { row in
                    .object([("node", .string(row.node)), ("gpu", .int(Int64(row.gpu))),
                             ("cells", .array(row.cells.map { .string($0) })), ("failing", .array(row.failing.map { .string($0) }))])
                })),
            ]))
        })
    }
}
