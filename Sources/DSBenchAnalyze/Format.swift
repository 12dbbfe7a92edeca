import Foundation

/// Number formatting shared by analysis messages (findings are stored as sentences).
public enum Format {
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        return String(format: "%+.1f %%", fraction * 100)
    }

    public static func gbps(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        return value >= 1 ? String(format: "%.2f GB/s", value) : String(format: "%.4f GB/s", value)
    }

    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%.2f", value)
    }

    /// A metric value with its unit: `31.50 ms`, `23660.00 samples/s`, `0.0012 s`, `4` (no unit).
    public static func value(_ value: Double, unit: String) -> String {
        guard value.isFinite else { return "n/a" }
        let text = abs(value) >= 1 || value == 0 ? String(format: "%.2f", value) : String(format: "%.4g", value)
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
