import Foundation

/// Picks what each chart shows out of the report model (no statistics are made here: every
/// value is one the model already holds).
enum HTMLChartSpecs {
    static func busbw(_ collective: CollectiveReport) -> LineChartSpec {
        var lines: [LineChartSpec.Line] = []
        var bands: [LineChartSpec.Band] = []
        for (index, series) in collective.series.enumerated() {
            lines.append(LineChartSpec.Line(name: series.key, colorIndex: index, points: series.points.map { p in
                var title = "\(series.key) \(p.sizeLabel): \(SVGText.value(p.busbw)) GB/s"
                if let base = p.baseline { title += " (baseline \(SVGText.value(base)), \(ReportText.percent(p.deltaPercent)))" }
                return LineChartSpec.Point(x: Double(p.size), y: p.busbw, title: title)
            }))
            let based = series.points.filter { $0.baseline != nil }
            guard !based.isEmpty else { continue }
            lines.append(LineChartSpec.Line(name: "\(series.key) baseline", colorIndex: index, dashed: true,
                                            points: based.map { LineChartSpec.Point(x: Double($0.size), y: $0.baseline ?? 0) }))
            bands.append(LineChartSpec.Band(name: "\(series.key) tolerance band", colorIndex: index,
                                            x: based.map { Double($0.size) }, lower: based.map { $0.lower ?? 0 },
                                            upper: based.map { $0.upper ?? 0 }))
        }
        let sizes = collective.series.flatMap { $0.points.map(\.size) }
        return LineChartSpec(title: "\(collective.collective): bus bandwidth vs message size", xLabel: "message size (log2)",
                             yLabel: "busbw GB/s", xScale: .log2, xTicks: sizeTicks(sizes), lines: lines, bands: bands)
    }

    /// Powers of two between the smallest and largest size, at most about ten of them.
    static func sizeTicks(_ sizes: [Int64]) -> [LineChartSpec.Tick] {
        let positive = sizes.filter { $0 > 0 }
        guard let low = positive.min(), let high = positive.max() else { return [] }
        let first = Int(log2(Double(low)).rounded(.down)), last = Int(log2(Double(high)).rounded(.up))
        let stride = max(1, Int((Double(last - first + 1) / 10).rounded(.up)))
        return Swift.stride(from: first, through: last, by: stride).compactMap { exponent in
            guard exponent >= 0, exponent < 62 else { return nil }
            let bytes = Int64(1) << Int64(exponent)
            return LineChartSpec.Tick(value: Double(bytes), label: SizeLabel.text(bytes))
        }
    }

    static func heatmap(_ map: FleetHeatmap) -> HeatmapSpec {
        HeatmapSpec(title: "\(map.collective) \(map.seriesKey): busbw relative to the fleet median",
                    rowLabels: map.nodes, columnLabels: map.sizeLabels,
                    cells: map.cells.enumerated().map { row, cells in
                        cells.enumerated().map { column, cell in
                            cell.map { c in
                                HeatmapSpec.Cell(ratio: c.ratio, title: "\(map.nodes[row]) \(map.sizeLabels[column]): "
                                    + "\(SVGText.value(c.busbw)) GB/s, fleet median \(SVGText.value(c.fleetMedian)) (×\(SVGText.value(c.ratio)))")
                            }
                        }
                    })
    }

    static func dmon(_ chart: DmonChart) -> LineChartSpec {
        let ticks = SVGText.niceTicks(low: 0, high: max(chart.duration, 1), count: 8)
            .map { LineChartSpec.Tick(value: $0, label: clock($0)) }
        return LineChartSpec(
            title: "\(chart.node): \(chart.metric) (\(chart.unit)) per GPU", xLabel: "time since the first sample",
            yLabel: chart.unit, xScale: .linear, xTicks: ticks,
            lines: chart.lines.map { line in
                LineChartSpec.Line(name: "GPU \(line.gpu)", colorIndex: line.gpu,
                                   points: line.points.map { LineChartSpec.Point(x: $0.t, y: $0.value) })
            },
            spans: chart.steps.map { LineChartSpec.Span(from: $0.start, to: $0.end, label: $0.label) },
            height: 240)
    }

    static func trend(_ series: TrendSeries) -> LineChartSpec {
        let points = series.points.enumerated().map { index, p in
            LineChartSpec.Point(x: Double(index), y: p.busbw,
                                title: "run \(p.runID) (\(ReportText.utc(p.startedAt))): \(SVGText.value(p.busbw)) GB/s"
                                    + (p.isCurrent ? ", this run" : ""))
        }
        let every = max(1, series.points.count / 10)
        let ticks = series.points.enumerated().filter { $0.offset % every == 0 }
            .map { LineChartSpec.Tick(value: Double($0.offset), label: "run \($0.element.runID)") }
        return LineChartSpec(title: "\(series.collective) \(series.seriesKey) at \(series.sizeLabel) over the suite's runs",
                             xLabel: "run", yLabel: "busbw GB/s", xScale: .linear, xTicks: ticks,
                             lines: [LineChartSpec.Line(name: "busbw at \(series.sizeLabel)", colorIndex: 0, points: points)],
                             height: 240)
    }

    /// `75 s`, `12:05`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 120 { return "\(total) s" }
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        let mm = m < 10 ? "0\(m)" : "\(m)", ss = s < 10 ? "0\(s)" : "\(s)"
        return h > 0 ? "\(h):\(mm):\(ss)" : "\(m):\(ss)"
    }
}
