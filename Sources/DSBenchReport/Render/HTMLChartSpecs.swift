import DSBenchAnalyze
import DSBenchCore
import Foundation

/// Picks what each chart shows out of the report model (no statistics are made here: every
/// value is one the model already holds).
enum HTMLChartSpecs {
    static func busbw(_ collective: CollectiveReport) -> LineChartSpec {
        var lines: [LineChartSpec.Line] = []
        var bands: [LineChartSpec.Band] = []
        for (index, series) in collective.series.enumerated() {
            // A log axis has no place for 0-byte rows; the table below the chart keeps them.
            let drawn = series.points.filter { $0.size > 0 }
            lines.append(LineChartSpec.Line(name: series.key, colorIndex: index, points: drawn.map { p in
                var title = "\(series.key) \(p.sizeLabel): \(SVGText.value(p.busbw)) GB/s"
                if let base = p.baseline { title += " (baseline \(SVGText.value(base)), \(ReportText.percent(p.deltaPercent)))" }
                if p.status == .below { title += ": below the tolerance band" }
                return LineChartSpec.Point(x: Double(p.size), y: p.busbw, title: title, flagged: p.status == .below)
            }))
            let based = drawn.filter { $0.baseline != nil }
            guard !based.isEmpty else { continue }
            lines.append(LineChartSpec.Line(name: "\(series.key) baseline", colorIndex: index, dashed: true,
                                            points: based.map { LineChartSpec.Point(x: Double($0.size), y: $0.baseline ?? 0) }))
            bands.append(LineChartSpec.Band(name: "\(series.key) tolerance band", colorIndex: index,
                                            x: based.map { Double($0.size) }, lower: based.map { $0.lower ?? 0 },
                                            upper: based.map { $0.upper ?? 0 }))
        }
        let sizes = collective.series.flatMap { $0.points.map(\.size) }.filter { $0 > 0 }
        let scale = LineChartSpec.Scale.forValues(lines.flatMap { $0.points.map(\.y) })
        var spec = LineChartSpec(title: "\(collective.collective): bus bandwidth vs message size", xLabel: "message size (log2)",
                                 yLabel: scale == .log10 ? "busbw GB/s (log10)" : "busbw GB/s", xScale: .log2,
                                 xTicks: sizeTicks(sizes), lines: lines, bands: bands)
        spec.yScale = scale
        return spec
    }

    /// Time per size on log axes, as nccl-tests users read small messages: flat where launch
    /// latency dominates (~48 µs for an 8×H200 all_reduce up to 64 KiB), rising with size where
    /// bandwidth does. nil when no point has a time.
    static func latency(_ collective: CollectiveReport) -> LineChartSpec? {
        let lines = collective.series.enumerated().map { index, series in
            LineChartSpec.Line(name: series.key, colorIndex: index, points: series.points.compactMap { p in
                guard p.size > 0, let time = p.timeUs, time > 0 else { return nil }
                return LineChartSpec.Point(x: Double(p.size), y: time,
                                           title: "\(series.key) \(p.sizeLabel): \(SVGText.value(time)) µs")
            })
        }.filter { !$0.points.isEmpty }
        guard !lines.isEmpty else { return nil }
        let sizes = collective.series.flatMap { $0.points.map(\.size) }.filter { $0 > 0 }
        var spec = LineChartSpec(title: "\(collective.collective): time vs message size", xLabel: "message size (log2)",
                                 yLabel: "time µs (log10)", xScale: .log2, xTicks: sizeTicks(sizes), lines: lines,
                                 height: 260)
        spec.yScale = .log10
        return spec
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

    /// Cells beyond this many keep their own hover title only when they are off the fleet median
    /// (`HeatCell.nearFleetMedian` false); the others show their row's (the table under the chart has every cell).
    static let heatmapCellTitleLimit = 1_000

    static func heatmap(_ map: FleetHeatmap) -> HeatmapSpec {
        let large = map.cells.reduce(0) { $0 + $1.count } > heatmapCellTitleLimit
        var spec = HeatmapSpec(title: "\(map.collective) \(map.seriesKey): busbw relative to the fleet median",
                    rowLabels: map.nodes.map { map.failedNodes.contains($0) ? "✗ \($0)" : $0 },
                    columnLabels: map.sizeLabels,
                    cells: map.cells.enumerated().map { row, cells in
                        cells.enumerated().map { column, cell in
                            cell.map { c in
                                let plain = large && c.nearFleetMedian
                                return HeatmapSpec.Cell(ratio: c.ratio, title: plain ? nil : "\(map.nodes[row]) \(map.sizeLabels[column]) "
                                    + "×\(SVGText.value(c.ratio)) (\(SVGText.value(c.busbw))/\(SVGText.value(c.fleetMedian)) GB/s)")
                            }
                        }
                    })
        spec.failedRows = Set(map.nodes.indices.filter { map.failedNodes.contains(map.nodes[$0]) })
        if large {
            spec.rowTitles = map.nodes.map { "\($0): within 10 % of the fleet median where no cell says otherwise" }
        }
        return spec
    }

    /// `first`: the node's first chart, which names the GPUs and the steps for the ones below it.
    static func dmon(_ chart: DmonChart, first: Bool = true) -> LineChartSpec {
        let ticks = timeTicks(chart.duration).map { LineChartSpec.Tick(value: $0, label: clock($0)) }
        let band = chart.envelope.isEmpty ? [] : [LineChartSpec.Band(
            name: "all GPUs: min–max per bucket", colorIndex: 0, x: chart.envelope.map(\.t),
            lower: chart.envelope.map(\.low), upper: chart.envelope.map(\.high))]
        var spec = LineChartSpec(
            title: "\(chart.node): \(chart.metric) (\(chart.unit)) per GPU", xLabel: "time since the first sample",
            yLabel: chart.unit, xScale: .linear, xTicks: ticks,
            lines: chart.lines.map { line in
                LineChartSpec.Line(name: "GPU \(line.gpu)", colorIndex: line.gpu,
                                   points: line.points.map { LineChartSpec.Point(x: $0.t, y: $0.value) })
            },
            bands: band,
            // The chart is the node's: its steps are named without the `@node` suffix.
            spans: chart.steps.map { step in
                let label = step.label.hasSuffix("@" + chart.node) ? String(step.label.dropLast(chart.node.count + 1)) : step.label
                return LineChartSpec.Span(from: step.start, to: step.end, label: label)
            },
            height: first ? 210 : 190)
        spec.showLegend = first
        spec.labelSpans = first
        return spec
    }

    static func trend(_ series: TrendSeries) -> LineChartSpec {
        let changeAt = Set(series.changePoints.map(\.pointIndex))
        let points = series.points.enumerated().map { index, p in
            LineChartSpec.Point(x: Double(index), y: p.busbw,
                                title: "run \(p.runID) (\(ReportText.utc(p.startedAt))): \(SVGText.value(p.busbw)) GB/s"
                                    + (p.isCurrent ? ", this run" : "") + (changeAt.contains(index) ? ", change point" : ""),
                                flagged: changeAt.contains(index))
        }
        // A thin span between the last point before a change and the first after it.
        let spans = series.changePoints.map { c in
            LineChartSpec.Span(from: Double(c.pointIndex) - 0.5, to: Double(c.pointIndex) - 0.5,
                               label: ReportText.change(c))
        }
        let every = max(1, series.points.count / 10)
        let ticks = series.points.enumerated().filter { $0.offset % every == 0 }
            .map { LineChartSpec.Tick(value: Double($0.offset), label: "run \($0.element.runID)") }
        return LineChartSpec(title: "\(series.collective) \(series.seriesKey) at \(series.sizeLabel) over the suite's runs",
                             xLabel: "run", yLabel: "busbw GB/s", xScale: .linear, xTicks: ticks,
                             lines: [LineChartSpec.Line(name: "busbw at \(series.sizeLabel)", colorIndex: 0, points: points)],
                             spans: spans, height: 240)
    }

    /// Ticks on round seconds or minutes, at most about ten, ending at the data's end.
    static func timeTicks(_ duration: Double) -> [Double] {
        let end = max(duration, 1)
        let step = [1.0, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400]
            .first { end / $0 <= 10 } ?? (end / 10).rounded(.up)
        return stride(from: 0, through: end + step * 1e-9, by: step).map { $0 }
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
