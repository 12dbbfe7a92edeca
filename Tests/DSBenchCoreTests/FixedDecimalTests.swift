import DSBenchCore
import DSBenchTestSupport
import Foundation
import Testing

/// `FixedDecimal` against glibc's printf (through `String(format:)`), which it replaces in every
/// figure dsbench prints: the same digits for the same Double, ties and signs included.
@Suite struct FixedDecimalTests {
    static func printf(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    @Test func everyKindOfValueGivesPrintfsDigits() {
        var random = SplitMix64(seed: 20_261_206)  // fixed: a failure names a value that fails again
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 0.045, 9.995, 99.95,
                                0.0005, -0.0004, 1e-300, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                0x1p63.nextDown, -0x1p62, 123_456_789.123_456_789, 366.97, 3.63, 9e+06]
        for _ in 0..<40_000 {
            values.append(Double.random(in: -1e6...1e6, using: &random))
            values.append(Double(Int.random(in: -100_000...100_000, using: &random)) / 1000)   // busbw-like, 3 places
            values.append(Double(Int.random(in: -4096...4096, using: &random)) / 256)          // exact binary ties
            values.append(Double(bitPattern: random.next() & ~(UInt64(1) << 63)) .magnitude    // any bit pattern
                          .truncatingRemainder(dividingBy: 0x1p62) * (random.next() & 1 == 0 ? 1 : -1))
            values.append(Double.random(in: 0...1e-6, using: &random))
        }
        var mismatches: [String] = []
        for (index, value) in values.enumerated() where value.isFinite {
            let decimals = index % (FixedDecimal.maximumDecimals + 1)
            let ours = FixedDecimal.text(value, decimals: decimals)
            if ours != Self.printf(value, decimals), mismatches.count < 10 {
                mismatches.append("\(value) (bits \(String(value.bitPattern, radix: 16))) %.\(decimals)f: "
                                  + "printf \(Self.printf(value, decimals)), FixedDecimal \(ours ?? "nil")")
            }
        }
        #expect(values.count > 200_000)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test func theSignedFormIsPrintfsPlusFlag() {
        for value in [0, -0.0, 0.04, -0.04, 0.05, -0.05, 12.25, -12.35, 1e5] {
            #expect(FixedDecimal.signedText(value, decimals: 1) == String(format: "%+.1f", value))
        }
    }

    @Test func whatItDoesNotDoItHandsToPrintf() {
        #expect(FixedDecimal.text(.nan, decimals: 2) == nil && FixedDecimal.text(-.infinity, decimals: 2) == nil)
        #expect(FixedDecimal.text(1e300, decimals: 2) == Self.printf(1e300, 2))
        #expect(FixedDecimal.text(0x1p63, decimals: 0) == "9223372036854775808")
        #expect(FixedDecimal.text(1.0 / 3, decimals: 12) == Self.printf(1.0 / 3, 12))
        #expect(Format.fixed(.nan) == "-" && Format.fixed(nil) == "-" && Format.fixed(2.005) == Self.printf(2.005, 2))
        #expect(Format.signedPercent(-0.0) == "-0.0 %" && Format.signedPercent(12.34) == "+12.3 %")
    }
}
