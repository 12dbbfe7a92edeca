/// Draws a `HeatmapSpec`: one row per node, one column per size, coloured by the ratio to the
/// fleet median, each cell with its numbers as a hover title.
public enum HeatmapSVG {
    public static func render(_ spec: HeatmapSpec) -> String {
        let labelWidth = 120.0, top = 64.0, legendHeight = 34.0
        let columns = max(spec.columnLabels.count, 1)
        let cellW = min(32.0, ((1100 - labelWidth - 16) / Double(columns)).rounded(.down))
        let cellH = spec.rowLabels.count > 40 ? 12.0 : 16.0
        let width = Int(labelWidth + cellW * Double(columns) + 16)
        let height = Int(top + cellH * Double(spec.rowLabels.count) + legendHeight + 8)
        var out = ""
        out.reserveCapacity(256 + spec.cells.count * columns * 90)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" viewBox=\"0 0 \(width) \(height)\" "
        out += "width=\"\(width)\" height=\"\(height)\" role=\"img\"><title>\(SVGText.escape(spec.title))</title>"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>"
        out += "<text x=\"4\" y=\"16\" class=\"ct\">\(SVGText.escape(spec.title))</text>"
        for (column, label) in spec.columnLabels.enumerated() where column % labelStride(columns) == 0 {
            let x = labelWidth + cellW * (Double(column) + 0.5)
            out += "<text class=\"xt\" transform=\"translate("; SVGText.coordinate(x, into: &out)
            out += ",\(Int(top) - 4)) rotate(-50)\">\(SVGText.escape(label))</text>"
        }
        for (row, label) in spec.rowLabels.enumerated() {
            let y = top + cellH * Double(row)
            let failed = spec.failedRows.contains(row)
            out += "<text class=\"yt\(failed ? " failed" : "")\"\(failed ? " fill=\"#a8201a\" font-weight=\"bold\"" : "") x=\"\(Int(labelWidth) - 4)\" y=\""; SVGText.coordinate(y + cellH - 3, into: &out)
            out += "\" text-anchor=\"end\">\(SVGText.escape(label))</text>"
            guard row < spec.cells.count else { continue }
            // One group per row carries y and the cell size's height: 14 k cells at fleet scale.
            let cellWidth = SVGText.coordinate(cellW - 1), cellHeight = SVGText.coordinate(cellH - 1)
            out += "<g transform=\"translate(0,"; SVGText.coordinate(y, into: &out); out += ")\">"
            if row < spec.rowTitles.count { out += "<title>\(SVGText.escape(spec.rowTitles[row]))</title>" }
            for (column, cell) in spec.cells[row].enumerated() {
                guard let cell else { continue }
                out += "<rect x=\""; SVGText.pixel(labelWidth + cellW * Double(column), into: &out)
                out += "\" width=\"\(cellWidth)\" height=\"\(cellHeight)\" fill=\"\(ChartPalette.ratioColor(cell.ratio))\">"
                out += cell.title.map { "<title>\(SVGText.escape($0))</title></rect>" } ?? "</rect>"
            }
            if failed {
                out += "<rect class=\"failed-row\" x=\""; SVGText.pixel(labelWidth - 1, into: &out)
                out += "\" y=\"-1\" width=\""; SVGText.coordinate(cellW * Double(spec.cells[row].count) + 1, into: &out)
                out += "\" height=\"\(SVGText.coordinate(cellH + 1))\" fill=\"none\" stroke=\"#a8201a\" stroke-width=\"2\"/>"
            }
            out += "</g>"
        }
        let legendY = top + cellH * Double(spec.rowLabels.count) + 10
        out += "<text class=\"lg\" x=\"4\" y=\""; SVGText.coordinate(legendY + 10, into: &out)
        out += "\">vs fleet median:</text>"
        for (i, ratio) in [0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5].enumerated() {
            let x = labelWidth + Double(i) * 52
            out += "<rect x=\""; SVGText.coordinate(x, into: &out); out += "\" y=\""; SVGText.coordinate(legendY, into: &out)
            out += "\" width=\"14\" height=\"12\" stroke=\"#999999\" fill=\"\(ChartPalette.ratioColor(ratio))\"/>"
            out += "<text class=\"lg\" x=\""; SVGText.coordinate(x + 18, into: &out); out += "\" y=\""
            SVGText.coordinate(legendY + 10, into: &out); out += "\">×\(SVGText.value(ratio))</text>"
        }
        out += "</svg>"
        return out
    }

    /// Label every column up to 32, then every other one.
    static func labelStride(_ columns: Int) -> Int { columns > 32 ? 2 : 1 }
}
