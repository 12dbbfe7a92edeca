import DSBenchCore

/// A profiled step's kernels under its line in `show` (and the cells the report's tables use).
enum ProfileText {
    /// Kernels beyond this many are counted, not listed: the metrics table holds the top 20.
    static let shownKernels = 10

    static func render(_ table: ProfileTable) -> String {
        var out = "       profile (\(table.tool)): \(RunText.counted(table.kernels.count, "kernel"))"
            + (table.kernels.count > shownKernels ? ", the \(shownKernels) with the largest share shown" : "") + "\n"
        let rows = table.kernels.prefix(shownKernels).map { cells($0, tool: table.tool) }
        out += TextTable.render(header: header(table), rows: rows, indent: 9)
        if !table.totals.isEmpty { out += "         " + totals(table) + "\n" }
        return out
    }

    static func totals(_ table: ProfileTable) -> String {
        table.totals.map { "\($0.label) = \(MetricText.value($0.value))\($0.unit.isEmpty ? "" : " " + $0.unit)" }
            .joined(separator: "; ")
    }

    static func header(_ table: ProfileTable) -> [String] {
        table.tool == "ncu" ? ["kernel", "launches", "mean us", "vs baseline", "share %", "SM %", "memory %", "DRAM %"]
            : ["kernel", "instances", "mean us", "vs baseline", "share %"]
    }

    static func cells(_ k: ProfileTable.Kernel, tool: String) -> [String] {
        let shortName = k.name.count > 60 ? String(k.name.prefix(57)) + "..." : k.name
        let rest = tool == "ncu" ? [k.sharePercent, k.smPercent, k.memoryPercent, k.dramPercent] : [k.sharePercent]
        let change = k.baselineChange.map { Format.signedPercent($0 * 100) + (k.regressed ? " FAIL" : "") } ?? "-"
        return [shortName] + [k.launches, k.meanMicroseconds].map { $0.map(MetricText.value) ?? "-" } + [change]
            + rest.map { $0.map(MetricText.value) ?? "-" }
    }
}
