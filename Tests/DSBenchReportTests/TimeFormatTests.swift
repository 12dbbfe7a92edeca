@testable import DSBenchReport
import Foundation
import Testing

/// The hand-written UTC format prints what Foundation's formatter prints, over four centuries.
@Suite struct TimeFormatTests {
    @Test func matchesDateFormatter() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var generator = SystemRandomNumberGenerator()
        var instants: [Double] = [0, -1, 86_399, 86_400, 951_782_400, 1_764_771_908, 4_102_444_800, -2_208_988_800]
        for _ in 0..<5000 { instants.append(Double(Int64.random(in: -6_000_000_000...8_000_000_000, using: &generator)) + 0.75) }
        for t in instants {
            let date = Date(timeIntervalSince1970: t)
            #expect(TimeFormat.utc(date) == formatter.string(from: date) + "Z", "\(t)")
        }
        #expect(TimeFormat.utc(nil) == "-")
    }
}
