import DSBenchCore

/// Text and numbers for SVG and HTML, written without Foundation's formatters (a large report
/// writes hundreds of thousands of coordinates).
public enum SVGText {
    /// `&`, `<`, `>`, `"` and `'` escaped; valid in XML text and attribute values.
    public static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// One decimal, no trailing `.0`, `-0` written as `0`; non-finite values as `0`.
    public static func coordinate(_ value: Double, into out: inout String) {
        guard value.isFinite, abs(value) < 1e12 else { out += "0"; return }
        let tenths = Int((value * 10).rounded())
        if tenths < 0 { out += "-" }
        let magnitude = abs(tenths)
        out += String(magnitude / 10)
        let fraction = magnitude % 10
        if fraction != 0 { out += "."; out += String(fraction) }
    }

    /// Whole pixels: enough for a polyline of hundreds of points, and a third shorter.
    public static func pixel(_ value: Double, into out: inout String) {
        guard value.isFinite, abs(value) < 1e12 else { out += "0"; return }
        out += String(Int(value.rounded()))
    }

    public static func coordinate(_ value: Double) -> String {
        var out = ""
        coordinate(value, into: &out)
        return out
    }

    /// A value for people: 3 significant digits up to 1000, then whole numbers.
    public static func value(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((magnitude * scale).rounded())
        var text = String(scaled / Int(scale))
        if decimals > 0 {
            let fraction = String(scaled % Int(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && scaled != 0 ? "-" : "") + text
    }

    /// A tick label: `0`, `0.5`, `80`, `1200`: no trailing zeros.
    public static func tick(_ value: Double) -> String {
        var text = Self.value(value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Round y-axis ticks: 1, 2 or 5 × 10^k steps, about `count` of them, covering `low…high`.
    public static func niceTicks(low: Double, high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite, high > low, count > 0 else { return [low] }
        let raw = (high - low) / Double(count)
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? power * 10
        let first = (low / step).rounded(.down), last = (high / step - 1e-9).rounded(.up)
        guard last - first < 50 else { return [low, high] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }
}
