import Foundation

/// Message sizes as people write them: `8 B`, `32 KiB`, `1 GiB`, `1.5 MiB`.
public enum SizeLabel {
    public static func text(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if value == value.rounded() { return "\(Int64(value)) \(units[unit])" }
        let text = Format.fixed(value, decimals: 1)
        return "\(text.hasSuffix(".0") ? String(text.dropLast(2)) : text) \(units[unit])"
    }
}
