import DSBenchCore
import DSBenchTestSupport
import Foundation
import Testing

/// The store's timestamps written and read by hand, held to Foundation's ISO 8601 style (which wrote
/// every database so far and still reads any other spelling).
@Suite struct StoredTimestampTests {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func instants() -> [Date] {
        var random = SplitMix64(seed: 1_764_000_000)
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005),
                             Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 4_107_542_399.999),
                             Date(timeIntervalSince1970: 253_402_300_799.999), Date(timeIntervalSince1970: -11_676_096_000)]
        for _ in 0..<100_000 {
            // What the store writes: the clock's Date, any fraction; and instants on the millisecond.
            dates.append(Date(timeIntervalSince1970: Double.random(in: -1e10...2.5e11, using: &random)))
            dates.append(Date(timeIntervalSince1970: Double(Int64.random(in: 1_600_000_000_000...1_900_000_000_000, using: &random)) / 1000))
        }
        return dates
    }

    @Test func theTextIsTheStylesText() {
        var mismatches: [String] = [], handled = 0
        for date in Self.instants() {
            guard let ours = StoredTimestamp.text(date) else { continue }
            handled += 1
            let theirs = date.formatted(Self.style)
            if ours != theirs, mismatches.count < 10 { mismatches.append("\(date.timeIntervalSince1970): \(theirs) ≠ \(ours)") }
        }
        #expect(handled > 199_000)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test func theDateReadBackIsTheStylesDateToTheBit() throws {
        var mismatches: [String] = []
        for date in Self.instants() {
            let text = date.formatted(Self.style)
            let theirs = try Self.style.parse(text)
            guard let ours = StoredTimestamp.date(text) else {
                #expect(date.timeIntervalSince1970 < -11_676_096_000 || date.timeIntervalSince1970 >= 253_402_300_800, "\(text) not read")
                continue
            }
            if ours != theirs, mismatches.count < 10 { mismatches.append("\(text): \(theirs.timeIntervalSinceReferenceDate) ≠ \(ours.timeIntervalSinceReferenceDate)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test func otherSpellingsAndImpossibleFieldsAreLeftToTheStyle() {
        for text in ["2026-11-22T09:45:50Z", "2026-11-22T09:45:50.31Z", "2026-11-22 09:45:50.319Z", "2026-11-22T09:45:50.319+01:00",
                     "2026-02-29T09:45:50.319Z", "2024-13-01T00:00:00.000Z", "2024-04-31T00:00:00.000Z", "2024-01-01T24:00:00.000Z",
                     "2024-01-01T00:60:00.000Z", "2024-01-01T00:00:60.000Z", "1500-01-01T00:00:00.000Z", "2024-01-0xT00:00:00.000Z",
                     "２０２４-01-01T00:00:00.000Z", ""] {
            #expect(StoredTimestamp.date(text) == nil, "\(text)")
        }
        #expect(StoredTimestamp.date("2024-02-29T23:59:59.999Z") == (try? Self.style.parse("2024-02-29T23:59:59.999Z")))
        #expect(StoredTimestamp.text(Date(timeIntervalSince1970: -12_000_000_000)) == nil)   // 1589: the style's own calendar
        #expect(StoredTimestamp.text(Date(timeIntervalSince1970: .infinity)) == nil)
    }

    @Test func civilDatesRoundTrip() {
        for days in stride(from: Int64(-800_000), through: 3_000_000, by: 997) {
            let civil = CivilDate(daysSinceEpoch: days)
            #expect(civil.daysSinceEpoch == days)
            #expect((1...12).contains(civil.month) && (1...31).contains(civil.day))
        }
        #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(daysSinceEpoch: 11_016) == CivilDate(year: 2000, month: 2, day: 29))
        #expect(CivilDate.split(-1) == (days: -1, secondOfDay: 86_399))
    }
}
