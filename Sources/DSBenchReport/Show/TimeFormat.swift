import DSBenchCore
import Foundation

enum TimeFormat {
    /// `2026-12-03 14:25:08Z`. From the civil date (`CivilDate`), not a DateFormatter: building one
    /// per call loaded ICU's calendar data and was 3.5 % of `dsbench show`.
    static func utc(_ date: Date?) -> String {
        guard let date, date.timeIntervalSince1970.isFinite else { return "-" }
        let (days, secondOfDay) = CivilDate.split(Int64(date.timeIntervalSince1970.rounded(.down)))
        let civil = CivilDate(daysSinceEpoch: days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(civil.year)-\(two(civil.month))-\(two(civil.day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }

    static func seconds(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "-" }
        let s = end.timeIntervalSince(start)
        return Format.fixed(s, decimals: s < 100 ? 1 : 0) + " s"
    }

    static func number(_ value: Double?, decimals: Int = 2) -> String { Format.fixed(value, decimals: decimals) }
}
