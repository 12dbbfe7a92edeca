/// OpenMetrics 1.0 text: the same families with `# UNIT` lines, `dsbench` as an info family and
/// the closing `# EOF`. The sample names are those of the Prometheus text format, so a dashboard
/// reads either.
public struct OpenMetricsText: Exporter {
    public static let contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"
    public init() {}

    public func render(_ model: MetricsModel) -> String {
        var out = ""
        out.reserveCapacity(model.families.reduce(0) { $0 + 160 + $1.samples.count * 160 })
        for family in model.families where !family.samples.isEmpty {
            // An info family is named without its samples' `_info` suffix.
            let name = family.kind == .info && family.name.hasSuffix("_info") ? String(family.name.dropLast(5)) : family.name
            out += "# TYPE \(name) \(family.kind == .info ? "info" : "gauge")\n"
            if let unit = family.unit, family.kind == .gauge, name.hasSuffix("_" + unit) { out += "# UNIT \(name) \(unit)\n" }
            out += "# HELP \(name) \(Self.escapeHelp(family.help))\n"
            for sample in family.samples { ExpositionText.appendSample(family.name, sample, to: &out) }
        }
        out += "# EOF\n"
        return out
    }

    /// OpenMetrics escapes the double quote in HELP too.
    static func escapeHelp(_ text: String) -> String {
        ExpositionText.escapeLabel(text)
    }
}
