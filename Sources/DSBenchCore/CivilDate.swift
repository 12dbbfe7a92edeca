import Foundation

/// A proleptic Gregorian date in UTC and its day number since 1970-01-01, both ways (H. Hinnant,
/// "chrono-Compatible Low-Level Date Algorithms": days_from_civil and civil_from_days).
public struct CivilDate: Equatable, Sendable {
    public var year: Int64, month: Int64, day: Int64

    public init(year: Int64, month: Int64, day: Int64) {
        self.year = year; self.month = month; self.day = day
    }

    public init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    public var daysSinceEpoch: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Day and second of the day of `seconds` since the epoch (floor, also before 1970).
    public static func split(_ seconds: Int64) -> (days: Int64, secondOfDay: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (days, seconds - days * 86_400)
    }
}

/// The timestamps the store keeps, `2026-11-22T09:45:50.319Z`, written and read by hand.
///
/// Why: `Date.ISO8601FormatStyle` cost 1.5 M instructions to build (its calendar cache) and more
/// per date, in every process that reads a run (`dsbench show` 77 M in all, callgrind). The text
/// and the Date are Foundation's to the bit — milliseconds cut, not rounded, from the time since
/// 2001; read back as seconds since 2001 plus the milliseconds over 1000 — which
/// `StoredTimestampTests` checks against the style on 200,000 instants. Outside the years 1600–9999
/// (Foundation's calendar is Julian before 1582) and for any other spelling, the caller uses the style.
public enum StoredTimestamp {
    static let referenceOffset: Int64 = 978_307_200   // 2001-01-01 in seconds since 1970
    static let fastYears: ClosedRange<Int64> = 1600...9999

    /// The text of `date`, or nil where Foundation's style must write it.
    public static func text(_ date: Date) -> String? {
        let sinceReference = date.timeIntervalSinceReferenceDate
        guard sinceReference.isFinite, sinceReference.magnitude < 1e12 else { return nil }
        let whole = sinceReference.rounded(.down)
        let milliseconds = Int64(((sinceReference - whole) * 1000).rounded(.down))
        let (days, secondOfDay) = CivilDate.split(Int64(whole) + referenceOffset)
        let civil = CivilDate(daysSinceEpoch: days)
        guard fastYears.contains(civil.year) else { return nil }
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int64, at offset: Int, width: Int) {
            var v = value
            for i in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[i] = UInt8(truncatingIfNeeded: 48 + v % 10); v /= 10
            }
        }
        put(civil.year, at: 0, width: 4); bytes[4] = 45    // -
        put(civil.month, at: 5, width: 2); bytes[7] = 45
        put(civil.day, at: 8, width: 2); bytes[10] = 84    // T
        put(secondOfDay / 3600, at: 11, width: 2); bytes[13] = 58   // :
        put(secondOfDay / 60 % 60, at: 14, width: 2); bytes[16] = 58
        put(secondOfDay % 60, at: 17, width: 2); bytes[19] = 46     // .
        put(milliseconds, at: 20, width: 3); bytes[23] = 90         // Z
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The Date of `text` in exactly that spelling, or nil (another spelling, a field out of range).
    public static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 24, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58,
                  bytes[16] == 58, bytes[19] == 46, bytes[23] == 90 else { return nil }
            func number(_ offset: Int, _ width: Int) -> Int64? {
                var value: Int64 = 0
                for i in offset..<offset + width {
                    let digit = bytes[i] &- 48
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int64(digit)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  let milliseconds = number(20, 3),
                  fastYears.contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month, of: year),
                  hour < 24, minute < 60, second < 60 else { return nil }
            let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
            let sinceReference = days * 86_400 + hour * 3600 + minute * 60 + second - referenceOffset
            return Date(timeIntervalSinceReferenceDate: Double(sinceReference) + Double(milliseconds) / 1000)
        }
    }

    static func daysIn(_ month: Int64, of year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
