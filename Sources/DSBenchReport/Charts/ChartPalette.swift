/// Colours that stay apart on screen and on a grey-scale printout (Tableau 10).
enum ChartPalette {
    static let colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                         "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func color(_ index: Int) -> String { colors[((index % colors.count) + colors.count) % colors.count] }

    /// Diverging scale for ratios to the fleet median: red below, white at 1, blue above.
    static func ratioColor(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "#cccccc" }
        let clamped = min(max(ratio, 0.5), 1.5)
        func hex(_ v: Double) -> String {
            let n = min(255, max(0, Int(v.rounded())))
            let digits = Array("0123456789abcdef")
            return String([digits[n / 16], digits[n % 16]])
        }
        if clamped < 1 {
            let t = (1 - clamped) / 0.5  // 0 at the median, 1 at half of it
            return "#" + hex(255) + hex(255 - 200 * t) + hex(255 - 200 * t)
        }
        let t = (clamped - 1) / 0.5
        return "#" + hex(255 - 180 * t) + hex(255 - 110 * t) + hex(255)
    }
}
