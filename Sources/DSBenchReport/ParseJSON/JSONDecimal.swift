/// The common case of `Double.description` without making a `String`: a value that is exactly
/// the nearest double to a decimal of at most 6 fraction digits (what nccl-tests and most tools
/// print: `48.60`, `0.00`, `10347.3`). Anything else is left to `description`.
enum JSONDecimal {
    private static let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]

    /// Appends the text of `value` and returns true, or appends nothing and returns false.
    ///
    /// Why this is `description`'s text: `m / 10^k` with m < 2^53 and 10^k exact is one correctly
    /// rounded IEEE division, so when it equals `value`, the decimal m·10^-k reads back to
    /// `value`. Taking the smallest such k gives the fewest digits: a shorter decimal that reads
    /// back would have fewer fraction digits and have been found first (both neighbours of
    /// value·10^k are tried, so the rounding of that product cannot hide it). Below 2^33 a double's
    /// spacing is under 10^-6, so no two decimals of ≤ 6 fraction digits read back to the same
    /// value (there is no choice between equally short ones to make). In 1e-4 ≤ |value| < 2^33
    /// `description` writes positionally, with `.0` when whole. A unit test compares the two on
    /// millions of values.
    static func write(_ value: Double, into out: inout [UInt8]) -> Bool {
        let magnitude = value.magnitude
        if value == 0 {
            if value.sign == .minus { out.append(0x2D) }
            out.append(contentsOf: [0x30, 0x2E, 0x30])
            return true
        }
        guard magnitude >= 1e-4, magnitude < 8_589_934_592 else { return false }
        for k in 0..<powers.count {
            let scaled = magnitude * powers[k]
            var candidate = scaled.rounded(.down)
            if candidate / powers[k] != magnitude {
                candidate += 1
                if candidate / powers[k] != magnitude { continue }
            }
            if value.sign == .minus { out.append(0x2D) }
            append(UInt64(candidate), fractionDigits: k, into: &out)
            return true
        }
        return false
    }

    private static func append(_ m: UInt64, fractionDigits k: Int, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var n = 0
            var v = m
            repeat {
                digits[n] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
                n += 1
            } while v > 0
            // At least one digit before the point: 0.05 is m = 5, k = 2.
            while n <= k { digits[n] = 0x30; n += 1 }
            while n > k { n -= 1; out.append(digits[n]) }
            out.append(0x2E)
            if k == 0 { out.append(0x30); return }
            while n > 0 { n -= 1; out.append(digits[n]) }
        }
    }
}
