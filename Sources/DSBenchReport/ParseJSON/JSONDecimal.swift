/// The common case of `Double.description` without making a `String`: a value that is exactly
/// the nearest double to a decimal of at most 6 fraction digits (what nccl-tests and most tools
/// print: `48.60`, `0.00`, `10347.3`). Anything else is left to `description`.
enum JSONDecimal {
    private static let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]

    /// Writes the text of `value` at `out` (room for 32 bytes) and returns its length, or writes
    /// nothing and returns 0.
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
    static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = value.magnitude
        var n = 0
        if value.sign == .minus { out[0] = 0x2D; n = 1 }
        if value == 0 {
            out[n] = 0x30; out[n + 1] = 0x2E; out[n + 2] = 0x30
            return n + 3
        }
        guard magnitude >= 1e-4, magnitude < 8_589_934_592 else { return 0 }
        for k in 0..<powers.count {
            let scaled = magnitude * powers[k]
            var candidate = scaled.rounded(.down)
            if candidate / powers[k] != magnitude {
                candidate += 1
                if candidate / powers[k] != magnitude { continue }
            }
            return n + append(UInt64(candidate), fractionDigits: k, to: out + n)
        }
        return 0
    }

    /// m·10^-k written as digits, a point and at least one digit on each side; returns the length.
    private static func append(_ m: UInt64, fractionDigits k: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        var v = m
        while v > 0 { length += 1; v /= 10 }
        // At least one digit before the point: 0.05 is m = 5, k = 2.
        let intDigits = max(length - k, 1)
        let total = intDigits + 1 + max(k, 1)
        var i = total
        v = m
        if k == 0 { i -= 1; out[i] = 0x30 }
        for _ in 0..<k { i -= 1; out[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30; v /= 10 }
        i -= 1; out[i] = 0x2E
        while i > 0 { i -= 1; out[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30; v /= 10 }
        return total
    }
}
