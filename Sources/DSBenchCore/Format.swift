import Foundation

/// The unit formatters of every message and report (findings are stored as sentences, so a
/// change here changes what old and new runs say alike): one spelling per unit.
public enum Format {
    /// `+12.5 %` of a fraction (0.125); `n/a` when not a number.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        return signedPercent(fraction * 100)
    }

    /// `+12.5 %` of a value already in percent.
    public static func signedPercent(_ percent: Double) -> String {
        (FixedDecimal.signedText(percent, decimals: 1) ?? String(format: "%+.1f", percent)) + " %"
    }

    /// `42.0 %` of a fraction (0.42), for a share of a figure rather than a change; `-` when not a number.
    public static func share(_ fraction: Double) -> String { fixed(fraction * 100, decimals: 1) + " %" }

    /// `decimals` places; `-` for none or not a number.
    public static func fixed(_ value: Double?, decimals: Int = 2) -> String {
        guard let value, let text = FixedDecimal.text(value, decimals: decimals) else { return "-" }
        return text
    }

    public static func gbps(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        return fixed(value, decimals: value >= 1 ? 2 : 4) + " GB/s"
    }

    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return fixed(value)
    }

    /// A metric value with its unit: `31.50 ms`, `23660.00 samples/s`, `0.0012 s`, `4` (no unit).
    public static func value(_ value: Double, unit: String) -> String {
        guard value.isFinite else { return "n/a" }
        let text = abs(value) >= 1 || value == 0 ? fixed(value) : String(format: "%.4g", value)
        return unit.isEmpty ? text : text + " " + unit
    }

    /// 8 B, 64 KiB, 4 MiB, 8 GiB.
    public static func bytes(_ size: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = size, unit = 0
        while value >= 1024 && value % 1024 == 0 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return "\(value) \(units[unit])"
    }
}
