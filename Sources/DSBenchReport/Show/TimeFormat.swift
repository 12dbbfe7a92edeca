import Foundation

enum TimeFormat {
    static func utc(_ date: Date?) -> String {
        guard let date else { return "-" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date) + "Z"
    }

    static func seconds(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "-" }
        let s = end.timeIntervalSince(start)
        return s < 100 ? String(format: "%.1f s", s) : String(format: "%.0f s", s)
    }

    static func number(_ value: Double?, decimals: Int = 2) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.\(decimals)f", value)
    }
}
