import DSBenchReport
import Foundation
import Testing

/// Chart axes that say something: no axis of identical ticks (a one-GPU node's zeros drew five
/// "0"s), busbw on a log axis when it spans decades, and time per size on log axes beside it.
@Suite struct ChartAxisTests {
    /// The y tick labels of a rendered chart, bottom to top.
    static func yLabels(_ svg: String) -> [String] {
        guard let group = svg.components(separatedBy: "<g class=\"yt\" text-anchor=\"end\">").dropFirst().first?
            .components(separatedBy: "</g>").first else { return [] }
        return group.components(separatedBy: "\">").dropFirst().map { $0.components(separatedBy: "</text>")[0] }
    }

    static func chart(_ ys: [Double], fromZero: Bool = true, scale: LineChartSpec.Scale = .linear) -> String {
        var spec = LineChartSpec(title: "t", xLabel: "x", yLabel: "y", xScale: .linear, xTicks: [],
                                 lines: [LineChartSpec.Line(name: "a", colorIndex: 0, points: ys.enumerated().map {
                                     LineChartSpec.Point(x: Double($0.offset), y: $0.element)
                                 })], yFromZero: fromZero)
        spec.yScale = scale
        return LineChartSVG.render(spec)
    }

    @Test func flatSeriesGetDistinctTicks() {
        for (ys, fromZero) in [([0.0, 0, 0, 0], true), ([366.5, 366.5], false), ([366.5, 366.6, 366.55], false),
                               ([0.004, 0.004], true), ([-3.0, -3.0], false)] {
            let labels = Self.yLabels(Self.chart(ys, fromZero: fromZero))
            #expect(labels.count >= 2, "\(ys): \(labels)")
            #expect(Set(labels).count == labels.count, "\(ys): \(labels)")
        }
        #expect(Self.yLabels(Self.chart([0, 0, 0])) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        // A chart with a real range keeps the round ticks it always had.
        #expect(Self.yLabels(Self.chart([0, 42, 367])) == ["0", "100", "200", "300", "400"])
    }

    @Test func logAxisHasOneTickPerPowerOfTen() {
        let svg = Self.chart([0.01, 0.5, 12, 367], scale: .log10)
        #expect(Self.yLabels(svg) == ["0.01", "0.1", "1", "10", "100", "1000"])
        // A zero has no place on a log axis: the line is drawn from the positive points only.
        let withZero = Self.chart([0, 0.01, 367], scale: .log10)
        #expect(Self.yLabels(withZero).first == "0.01")
        #expect(withZero.components(separatedBy: "<polyline").count == 2)
        #expect(LineChartSpec.Scale.forValues([0, 0.01, 367]) == .log10)
        #expect(LineChartSpec.Scale.forValues([340, 367]) == .linear)
        #expect(LineChartSpec.Scale.forValues([0, 0, 0]) == .linear)
    }

    /// On the real 8×H200 sweeps: busbw (0.00 at 8 B up to 367 GB/s at 8 GiB) on a log axis, and
    /// a latency chart per collective whose table holds the time of every size.
    @Test func reportDrawsBusbwOnLogAxesAndLatencyBesideIt() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store, baselines: [fleet.baselineRunID])
        let html = HTMLReport().render(model)
        let svgs = SVGValidityTests.svgElements(html)
        let busbw = svgs.filter { $0.contains("bus bandwidth vs message size") }
        let latency = svgs.filter { $0.contains("time vs message size") }
        #expect(busbw.count == 5 && latency.count == 5)
        #expect(busbw.allSatisfy { $0.contains("busbw GB/s (log10)") })
        let allReduce = try #require(latency.first { $0.contains("all_reduce: time vs message size") })
        #expect(allReduce.contains("time µs (log10)"))
        #expect(Self.yLabels(allReduce).allSatisfy { ["1", "10", "100", "1000", "1e4", "1e5"].contains($0) },
                "\(Self.yLabels(allReduce))")
        #expect(html.contains("<th>time µs</th>"))
        let point = try #require(model.collectives.first { $0.collective == "all_reduce" }?.series.first?.points.first)
        #expect(point.size == 8)
        // The median of the three nodes' 8-byte times: 48.60 (r1), 75.77 (-c 1 -n 50), 67.77 (P2P off).
        #expect(point.timeUs == 67.77, "\(point.timeUs ?? -1)")
        for svg in svgs { #expect(Set(Self.yLabels(svg)).count == Self.yLabels(svg).count, "\(Self.yLabels(svg))") }
    }
}
