import DSBenchCore
import Foundation

enum TimeFormat {
    /// `2026-12-03 14:25:08Z`. Civil date from days since the epoch (H. Hinnant, "chrono-Compatible
    /// Low-Level Date Algorithms", days_from_civil's inverse), not a DateFormatter: building one per
    /// call loaded ICU's calendar data and was 3.5 % of `dsbench show`.
    static func utc(_ date: Date?) -> String {
        guard let date, date.timeIntervalSince1970.isFinite else { return "-" }
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }

    static func seconds(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "-" }
        let s = end.timeIntervalSince(start)
        return s < 100 ? String(format: "%.1f s", s) : String(format: "%.0f s", s)
    }

    static func number(_ value: Double?, decimals: Int = 2) -> String { Format.fixed(value, decimals: decimals) }
}
