/// The chart sections: busbw curves, the fleet heatmaps, dmon telemetry and the trend.
extension HTMLReport {
    func bandwidth(_ report: ReportModel, into out: inout String) {
        out += "<h2 id=\"busbw\">Bus bandwidth</h2>\n<p class=\"muted\">Out-of-place busbw, GB/s: per size the median over "
        out += "every node and repeat of a step (on a log axis where it spans decades; sizes printed as 0.00 are in the "
        out += "table only); under it the time per size on log axes, where small messages show. "
        out += report.baseline == nil ? "No baseline was given (<code>--baseline RUN</code>)." :
            "Dashed: the baseline (per-size median of runs \(report.baseline?.runIDs.map(String.init).joined(separator: ", ") ?? "")); "
            + "shaded: its tolerance band (\(h(ReportText.bands(report.tolerances))))."
        out += "</p>\n"
        if report.collectives.isEmpty { out += "<p>No nccl-tests results in this run.</p>\n" }
        out += NodeCauseText.list(
            NodeCause.links(report.verdict),
            heading: "<div id=\"node-causes\"><p><strong>Slow collectives and what their node's checks found</strong></p><ul class=\"problems\">",
            symptom: { "<li class=\"fail\">" + h($0) + "<ul>" }, cause: { "<li>likely cause: " + h($0) + "</li>" },
            close: "</ul></li>", end: "</ul></div>\n")
        for collective in report.collectives {
            out += "<h3>\(h(collective.collective))</h3>\n<figure>"
            out += LineChartSVG.render(HTMLChartSpecs.busbw(collective))
            out += "</figure>\n<details><summary>numbers of this chart</summary>"
            var rows: [[HTMLCell]] = []
            for series in collective.series {
                for p in series.points {
                    rows.append([HTMLCell(series.key), HTMLCell(p.sizeLabel), HTMLCell(String(p.size), "n"), .number(p.busbw),
                                 HTMLCell(String(p.samples), "n"), .number(p.baseline), .number(p.lower), .number(p.upper),
                                 HTMLCell(ReportText.percent(p.deltaPercent), "n"),
                                 HTMLCell("±\(Int(p.tolerancePercent.rounded())) %", "n"),
                                 HTMLCell(ReportText.status(p.status), p.status == .below ? "below" : p.status == .above ? "above" : nil)])
                }
            }
            HTMLTable.render(["series", "size", "bytes", "busbw", "rows", "baseline", "band low", "band high", "Δ", "tolerance", "status"],
                             rows, sortable: true, into: &out)
            out += "</details>\n"
            guard let latency = HTMLChartSpecs.latency(collective) else { continue }
            out += "<figure>" + LineChartSVG.render(latency) + "</figure>\n<details><summary>numbers of this chart</summary>"
            let times = collective.series.flatMap { series in
                series.points.map { p in
                    [HTMLCell(series.key), HTMLCell(p.sizeLabel), HTMLCell(String(p.size), "n"), .number(p.timeUs),
                     HTMLCell(String(p.samples), "n")]
                }
            }
            HTMLTable.render(["series", "size", "bytes", "time µs", "rows"], times, sortable: true, into: &out)
            out += "</details>\n"
        }
    }

    func fleet(_ report: ReportModel, into out: inout String) {
        guard !report.heatmaps.isEmpty else { return }
        out += "<h2 id=\"fleet\">Nodes against the fleet</h2>\n<p class=\"muted\">Each cell: the node's median busbw "
        out += "at that size divided by the median over all nodes. Red is slower than the fleet, blue faster.</p>\n"
        for map in report.heatmaps {
            out += "<figure>" + HeatmapSVG.render(HTMLChartSpecs.heatmap(map)) + "</figure>\n"
            out += "<details><summary>numbers of this chart</summary>"
            // A node's row is marked when the verdict's fleet check failed it, never by a threshold here.
            let rows = map.cells.enumerated().map { index, cells in
                let failed = map.failedNodes.contains(map.nodes[index])
                return [HTMLCell(map.nodes[index], failed ? "bad" : nil)] + cells.map { cell in
                    guard let cell else { return HTMLCell("-", "n") }
                    return HTMLCell(SVGText.value(cell.ratio), failed ? "n bad" : "n")
                }
            }
            HTMLTable.render(["node"] + map.sizeLabels, rows, sortable: true, into: &out)
            out += "</details>\n"
        }
    }

    func telemetry(_ report: ReportModel, into out: inout String) {
        guard !report.dmon.isEmpty else { return }
        out += "<h2 id=\"dmon\">GPU telemetry (nvidia-smi dmon)</h2>\n<p class=\"muted\">Shaded: the steps that ran while "
        out += "dmon sampled. A long capture is drawn as each GPU's mean per time bucket, with the minimum and maximum "
        out += "of all GPUs per bucket as a light band behind (so spikes stay visible); the table gives each GPU's "
        out += "minimum, mean and maximum over every sample.</p>\n"
        // Many nodes: each node's charts fold away (printing opens them); a few: all open.
        let nodes = report.dmon.reduce(into: [String]()) { if $0.last != $1.node { $0.append($1.node) } }
        for node in nodes {
            out += nodes.count > 4 ? "<details><summary>\(h(node))</summary>" : "<h3>\(h(node))</h3>"
            for (index, chart) in report.dmon.filter({ $0.node == node }).enumerated() {
                out += "<figure>" + LineChartSVG.render(HTMLChartSpecs.dmon(chart, first: index == 0))
                out += "<figcaption class=\"muted\">\(chart.rawPoints) samples, \(chart.plottedPoints) drawn</figcaption></figure>\n"
            }
            if nodes.count > 4 { out += "</details>\n" }
        }
        out += "<details><summary>numbers of these charts</summary>"
        HTMLTable.render(["node", "GPU", "metric", "unit", "samples", "min", "mean", "max"], report.dmonSummary.map { s in
            [HTMLCell(s.node), HTMLCell(String(s.gpu), "n"), HTMLCell(s.metric), HTMLCell(s.unit), HTMLCell(String(s.samples), "n"),
             .number(s.min), .number(s.mean), .number(s.max)]
        }, sortable: true, into: &out)
        let spans = report.dmon.filter { $0.metric == report.dmon.first?.metric }.flatMap { chart in chart.steps.map { (chart.node, $0) } }
        if !spans.isEmpty {
            HTMLTable.render(["node", "step", "from (s)", "to (s)"], spans.map { node, span in
                [HTMLCell(node), HTMLCell(span.label), .number(span.start), .number(span.end)]
            }, into: &out)
        }
        out += "</details>\n"
    }

    func trend(_ report: ReportModel, into out: inout String) {
        guard !report.trend.isEmpty else { return }
        out += "<h2 id=\"trend\">Trend</h2>\n<p class=\"muted\">busbw at each series' largest size over the runs of suite "
        out += "<code>\(h(report.run.suite))</code>, oldest first.</p>\n"
        for series in report.trend {
            out += "<figure>" + LineChartSVG.render(HTMLChartSpecs.trend(series)) + "</figure>\n"
            if !series.changePoints.isEmpty {
                out += "<p>Change points (red rings, thin lines): "
                    + h(series.changePoints.map(ReportText.change).joined(separator: "; ")) + ".</p>\n"
            }
            out += "<details><summary>numbers of this chart</summary>"
            HTMLTable.render(["run", "started", "busbw"], series.points.map { p in
                [HTMLCell(String(p.runID) + (p.isCurrent ? " (this run)" : ""), "n"), HTMLCell(ReportText.utc(p.startedAt)), .number(p.busbw)]
            }, into: &out)
            out += "</details>\n"
        }
    }
}
