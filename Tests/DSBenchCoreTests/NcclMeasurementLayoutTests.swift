import DSBenchCore
import Foundation
import Testing

/// A measurement keeps its optional fields without Optional's padding; what it reads, compares
/// and encodes is what the plain optional struct did.
@Suite struct NcclMeasurementLayoutTests {
    /// The shape before: the same fields as stored optionals, Codable synthesized.
    struct Optionals: Codable, Equatable {
        var timeUs: Double?, algbw: Double?, busbw: Double?, wrong: Int64?
        var iterMinUs: Double?, iterMaxUs: Double?, iterP99Us: Double?, iterCVPercent: Double?
        var iterTimesUs: [Double]?, iterSkipped: Int?

        init(_ m: NcclTestsMeasurement) {
            timeUs = m.timeUs; algbw = m.algbw; busbw = m.busbw; wrong = m.wrong
            iterMinUs = m.iterMinUs; iterMaxUs = m.iterMaxUs; iterP99Us = m.iterP99Us; iterCVPercent = m.iterCVPercent
            iterTimesUs = m.iterTimesUs; iterSkipped = m.iterSkipped
        }
    }

    static func random(_ g: inout SystemRandomNumberGenerator) -> NcclTestsMeasurement {
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &g) ? value : nil }
        return NcclTestsMeasurement(
            timeUs: maybe(Double.random(in: 0...1e6, using: &g)), algbw: maybe(Double.random(in: 0...900, using: &g)),
            busbw: maybe(-0.0), wrong: maybe(Int64.random(in: 0...Int64.max, using: &g)),
            iterMinUs: maybe(0), iterMaxUs: maybe(Double.greatestFiniteMagnitude), iterP99Us: maybe(1e-300),
            iterCVPercent: maybe(Double.random(in: 0...100, using: &g)),
            iterTimesUs: maybe([1.5, 2.25]), iterSkipped: maybe(Int.random(in: 0...Int.max, using: &g)))
    }

    @Test func smallerThanTheOptionalsAndTheSameToEveryReader() throws {
        #expect(MemoryLayout<NcclTestsMeasurement>.size <= 80)
        #expect(MemoryLayout<NcclTestsRow>.stride <= 256)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let m = Self.random(&g)
            let plain = Optionals(m)
            let text = try encoder.encode(m)
            #expect(text == (try encoder.encode(plain)))
            #expect(try JSONDecoder().decode(NcclTestsMeasurement.self, from: text) == m)
            #expect(Optionals(try JSONDecoder().decode(NcclTestsMeasurement.self, from: try encoder.encode(plain))) == plain)
            var copy = m
            copy.busbw = m.busbw == nil ? 1 : nil
            #expect(copy != m)
            copy.busbw = m.busbw
            #expect(copy == m)
        }
        let empty = NcclTestsMeasurement(timeUs: nil, algbw: nil, busbw: nil, wrong: nil)
        #expect(empty.timeUs == nil && empty.wrong == nil && empty.iterSkipped == nil && empty.iterTimesUs == nil)
        #expect(String(decoding: try encoder.encode(empty), as: UTF8.self) == "{}")
    }
}
