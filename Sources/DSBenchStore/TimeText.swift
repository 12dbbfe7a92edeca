import DSBenchCore
import Foundation

/// Times are stored as ISO-8601 UTC text with milliseconds (`2026-11-22T09:45:50.319Z`): readable
/// in `sqlite3`, sortable as text, and the same on every node.
/// `StoredTimestamp` writes and reads them; Foundation's style only what it does not (another
/// spelling in an older or hand-edited file, a year outside 1600–9999).
enum TimeText {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func format(_ date: Date) -> String { StoredTimestamp.text(date) ?? date.formatted(style) }

    static func format(_ date: Date?) -> String? { date.map(format) }

    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        return StoredTimestamp.date(text) ?? (try? style.parse(text))
    }
}
