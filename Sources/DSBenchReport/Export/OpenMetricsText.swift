/// OpenMetrics 1.0 text: the same families with `# UNIT` lines, `dsbench` as an info family and
/// the closing `# EOF`. The sample names are those of the Prometheus text format, so a dashboard
/// reads either.
public struct OpenMetricsText: Exporter {
    public static let contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"
    public init() {}

    public func render(_ model: MetricsModel) -> String {
        var out = ExpositionText.buffer(for: model)
        for family in model.families where !family.samples.isEmpty {
            // An info family is named without its samples' `_info` suffix.
            let name = family.kind == .info && family.name.hasSuffix("_info") ? String(family.name.dropLast(5)) : family.name
            out.append(contentsOf: "# TYPE \(name) \(family.kind == .info ? "info" : "gauge")\n".utf8)
            if let unit = family.unit, family.kind == .gauge, name.hasSuffix("_" + unit) {
                out.append(contentsOf: "# UNIT \(name) \(unit)\n".utf8)
            }
            out.append(contentsOf: "# HELP \(name) \(Self.escapeHelp(family.help))\n".utf8)
            for sample in family.samples { ExpositionText.appendSample(family.name, sample, to: &out) }
        }
        out.append(contentsOf: "# EOF\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// OpenMetrics escapes the double quote in HELP too.
    static func escapeHelp(_ text: String) -> String {
        ExpositionText.escapeLabel(text)
    }
}
