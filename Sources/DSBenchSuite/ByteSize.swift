/// Byte sizes as nccl-tests writes them: an integer with an optional binary K/M/G suffix
/// (`8`, `64K`, `128M`, `8G`; case-insensitive). The planner passes exact byte integers.
public enum ByteSize {
    public static let example = "8, 64K, 128M or 8G"

    /// nil for anything that is not a non-negative integer with an optional suffix, or overflows.
    public static func parse(_ text: String) -> Int64? {
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = digits.last, !last.isNumber {
            switch last {
            case "K", "k": multiplier = 1 << 10
            case "M", "m": multiplier = 1 << 20
            case "G", "g": multiplier = 1 << 30
            default: return nil
            }
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// The shortest exact spelling: 8589934592 → `8G`, 1000 → `1000`.
    public static func format(_ bytes: Int64) -> String {
        for (suffix, shift) in [("G", 30), ("M", 20), ("K", 10)] {
            let unit = Int64(1) << shift
            if bytes >= unit, bytes % unit == 0 { return "\(bytes / unit)\(suffix)" }
        }
        return String(bytes)
    }

    /// `8M (8388608 bytes)`, or `100 bytes` when there is no shorter spelling.
    public static func describe(_ bytes: Int64) -> String {
        let short = format(bytes)
        return short == String(bytes) ? "\(bytes) bytes" : "\(short) (\(bytes) bytes)"
    }
}
