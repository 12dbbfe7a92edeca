import Foundation

/// Draws a `LineChartSpec` as inline SVG: axes, round (or power-of-ten) y ticks whose labels
/// all differ, the given x ticks, shaded spans, bands, lines, and hover titles on marked points.
public enum LineChartSVG {
    // The right margin leaves room for half of the last x label ("128 MiB"), which is centred on its tick.
    static let left = 64.0, right = 32.0, top = 48.0, bottom = 44.0

    public static func render(_ spec: LineChartSpec) -> String {
        let width = Double(spec.width), height = Double(spec.height)
        let top = spec.showLegend ? Self.top : 28.0
        func xValue(_ x: Double) -> Double { spec.xScale.position(x) }
        let logY = spec.yScale == .log10
        // A log axis draws only positive values; the table beside the chart has the others.
        func drawn(_ y: Double) -> Bool { y.isFinite && (!logY || y > 0) }
        let xs = spec.lines.flatMap { $0.points.map { xValue($0.x) } } + spec.bands.flatMap { $0.x.map(xValue) }
            + spec.xTicks.map { xValue($0.value) } + spec.spans.flatMap { [xValue($0.from), xValue($0.to)] }
        let ys = (spec.lines.flatMap { $0.points.map(\.y) } + spec.bands.flatMap { $0.upper + $0.lower }).filter(drawn)
        let xLow = xs.min() ?? 0, xHigh = max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9)
        let yTicks = logY ? AxisTicks.log10(low: ys.min() ?? 1, high: ys.max() ?? 10)
            : AxisTicks.linear(low: ys.min() ?? 0, high: ys.max() ?? 1, fromZero: spec.yFromZero)
        let yLow = spec.yScale.position(yTicks.first ?? 0)
        let yHigh = max(spec.yScale.position(yTicks.last ?? 1), yLow + 1e-9)
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (xValue(x) - xLow) / (xHigh - xLow) * plotW }
        func py(_ y: Double) -> Double {
            top + plotH - (max(spec.yScale.position(y), yLow) - yLow) / (yHigh - yLow) * plotH
        }
        func tickLabel(_ value: Double) -> String { logY ? AxisTicks.powerOfTenLabel(value) : SVGText.tick(value) }

        var out = ""
        out.reserveCapacity(4096 + spec.lines.reduce(0) { $0 + $1.points.count * 14 })
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(spec.width) \(spec.height)\" "
        out += "width=\"\(spec.width)\" height=\"\(spec.height)\" role=\"img\"><title>\(SVGText.escape(spec.title))</title>"
        out += "<rect x=\"0\" y=\"0\" width=\"\(spec.width)\" height=\"\(spec.height)\" fill=\"#ffffff\"/>"
        out += "<text x=\"\(Int(left))\" y=\"18\" class=\"ct\">\(SVGText.escape(spec.title))</text>"
        if spec.showLegend { legend(spec, into: &out) }

        // Steps alternate two greys with a line where each starts, so back-to-back steps stay apart.
        for (index, span) in spec.spans.enumerated() {
            let x0 = px(span.from), x1 = max(px(span.to), px(span.from) + 2)
            out += "<rect x=\""; SVGText.coordinate(x0, into: &out)
            out += "\" y=\"\(Int(top))\" width=\""; SVGText.coordinate(x1 - x0, into: &out)
            out += "\" height=\"\(Int(plotH))\" fill=\"\(index % 2 == 0 ? "#e6e6e6" : "#f2f2f2")\" stroke=\"#b0b0b0\" "
            out += "stroke-width=\"0.6\"><title>\(SVGText.escape(span.label))</title></rect>"
            if spec.labelSpans && x1 - x0 > 40 {
                out += "<text class=\"sl\" x=\""; SVGText.coordinate(x0 + 3, into: &out)
                out += "\" y=\"\(Int(top) + 11)\">\(SVGText.escape(String(span.label.prefix(Int((x1 - x0) / 6)))))</text>"
            }
        }
        // Grid and tick marks as one path each, labels in one group each: a report with hundreds
        // of charts stays small.
        out += "<path stroke=\"#dddddd\" d=\""
        for tick in yTicks {
            out += "M\(Int(left)) "; SVGText.coordinate(py(tick), into: &out); out += "H\(Int(width - right))"
        }
        out += "\"/><g class=\"yt\" text-anchor=\"end\">"
        for tick in yTicks {
            out += "<text x=\"\(Int(left) - 6)\" y=\""; SVGText.coordinate(py(tick) + 4, into: &out)
            out += "\">\(tickLabel(tick))</text>"
        }
        out += "</g><path stroke=\"#555555\" d=\""
        for tick in spec.xTicks {
            out += "M"; SVGText.coordinate(px(tick.value), into: &out); out += " \(Int(top + plotH))v5"
        }
        out += "\"/><g class=\"xt\" text-anchor=\"middle\">"
        for tick in spec.xTicks {
            out += "<text x=\""; SVGText.coordinate(px(tick.value), into: &out)
            out += "\" y=\"\(Int(top + plotH) + 18)\">\(SVGText.escape(tick.label))</text>"
        }
        out += "</g>"
        out += "<line x1=\"\(Int(left))\" x2=\"\(Int(width - right))\" y1=\"\(Int(top + plotH))\" y2=\"\(Int(top + plotH))\" stroke=\"#555555\"/>"
        out += "<line x1=\"\(Int(left))\" x2=\"\(Int(left))\" y1=\"\(Int(top))\" y2=\"\(Int(top + plotH))\" stroke=\"#555555\"/>"
        out += "<text class=\"al\" x=\""; SVGText.coordinate(left + plotW / 2, into: &out)
        out += "\" y=\"\(Int(height) - 6)\" text-anchor=\"middle\">\(SVGText.escape(spec.xLabel))</text>"
        out += "<text class=\"al\" transform=\"translate(14,"; SVGText.coordinate(top + plotH / 2, into: &out)
        out += ") rotate(-90)\" text-anchor=\"middle\">\(SVGText.escape(spec.yLabel))</text>"

        for band in spec.bands where !band.x.isEmpty && band.x.count == band.lower.count && band.x.count == band.upper.count {
            out += "<path class=\"band\" fill=\"\(ChartPalette.color(band.colorIndex))\" fill-opacity=\"0.15\" stroke=\"none\" d=\"M"
            for (i, x) in band.x.enumerated() {
                if i > 0 { out += " L" }
                SVGText.coordinate(px(x), into: &out); out += ","; SVGText.coordinate(py(band.upper[i]), into: &out)
            }
            for i in band.x.indices.reversed() {
                out += " L"; SVGText.coordinate(px(band.x[i]), into: &out); out += ","; SVGText.coordinate(py(band.lower[i]), into: &out)
            }
            out += " Z\"><title>\(SVGText.escape(band.name))</title></path>"
        }
        for var line in spec.lines {
            line.points = line.points.filter { drawn($0.y) }
            guard !line.points.isEmpty else { continue }
            let color = ChartPalette.color(line.colorIndex)
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\""
            if line.dashed { out += " stroke-dasharray=\"5 3\"" }
            out += " points=\""
            for (i, point) in line.points.enumerated() {
                if i > 0 { out += " " }
                SVGText.pixel(px(point.x), into: &out); out += ","; SVGText.pixel(py(point.y), into: &out)
            }
            out += "\"><title>\(SVGText.escape(line.name))</title></polyline>"
            for point in line.points {
                guard let title = point.title else { continue }
                out += "<circle cx=\""; SVGText.coordinate(px(point.x), into: &out)
                out += "\" cy=\""; SVGText.coordinate(py(point.y), into: &out)
                out += point.flagged ? "\" r=\"5\" fill=\"\(color)\" stroke=\"#d62728\" stroke-width=\"2.5\">"
                                     : "\" r=\"2.6\" fill=\"\(color)\">"
                out += "<title>\(SVGText.escape(title))</title></circle>"
            }
        }
        out += "</svg>"
        return out
    }

    /// One row of swatches under the title; what does not fit ends in `…` (the table has it all).
    static func legend(_ spec: LineChartSpec, into out: inout String) {
        var x = left
        let y = 36.0
        let entries = spec.lines.map { ($0.name, $0.colorIndex, $0.dashed, false) }
            + spec.bands.map { ($0.name, $0.colorIndex, false, true) }
        for (name, color, dashed, isBand) in entries {
            let width = 22 + Double(name.count) * 6.4
            if x + width > Double(spec.width) - right {
                out += "<text class=\"lg\" x=\""; SVGText.coordinate(x, into: &out); out += "\" y=\"\(Int(y))\">…</text>"
                break
            }
            if isBand {
                out += "<rect x=\""; SVGText.coordinate(x, into: &out)
                out += "\" y=\"\(Int(y) - 7)\" width=\"14\" height=\"8\" fill=\"\(ChartPalette.color(color))\" fill-opacity=\"0.25\"/>"
            } else {
                out += "<line x1=\""; SVGText.coordinate(x, into: &out); out += "\" x2=\""; SVGText.coordinate(x + 14, into: &out)
                out += "\" y1=\"\(Int(y) - 3)\" y2=\"\(Int(y) - 3)\" stroke=\"\(ChartPalette.color(color))\" stroke-width=\"2\""
                out += dashed ? " stroke-dasharray=\"4 2\"/>" : "/>"
            }
            out += "<text class=\"lg\" x=\""; SVGText.coordinate(x + 18, into: &out)
            out += "\" y=\"\(Int(y))\">\(SVGText.escape(name))</text>"
            x += width + 8
        }
    }
}
