import Foundation

/// `printf("%.Nf")` of a Double, digit for digit, without `String(format:)`.
///
/// Why not Foundation's: `String(format:)` boxes its arguments as `CVarArg` existentials, and each
/// new argument type costs the process a scan of every protocol conformance record in the binary
/// (8,035 of them, about 0.3 M instructions a scan); with the formatting itself it was 1.75 M
/// instructions of the 77 M of `dsbench show` (callgrind, 176 calls). This is the same arithmetic
/// printf does: the binary value is exact (`m × 2^e`), scaled by 10^N in 128-bit integers and rounded
/// half to even — so `0.125` gives `0.12` and `2.5` gives `2` as glibc does, and `-0.001` keeps its
/// sign (`-0.00`). `FixedDecimalTests` holds it to `String(format:)` on 200,000 values.
public enum FixedDecimal {
    /// The most decimals done here; more (and values of 2^63 or more, which no figure of a
    /// benchmark reaches) go to `String(format:)`.
    public static let maximumDecimals = 9

    /// `value` with `decimals` places, as `%.{decimals}f` prints it; nil when not finite.
    public static func text(_ value: Double, decimals: Int) -> String? {
        guard value.isFinite else { return nil }
        var out = ""
        append(value, decimals: decimals, to: &out)
        return out
    }

    /// `%+.{decimals}f`: a sign always (`+0.0`, `-0.0`).
    public static func signedText(_ value: Double, decimals: Int) -> String? {
        guard value.isFinite else { return nil }
        var out = value.sign == .minus ? "" : "+"
        append(value, decimals: decimals, to: &out)
        return out
    }

    /// Appends `%.{decimals}f` of a finite `value` to `out`.
    public static func append(_ value: Double, decimals: Int, to out: inout String) {
        precondition(value.isFinite, "FixedDecimal of a value that is not finite")
        guard decimals >= 0, decimals <= maximumDecimals, value.magnitude < 0x1p63 else {
            out += fallback(value, decimals)
            return
        }
        let scaled = roundedScaled(value.magnitude, decimals: decimals)
        let unit = powersOfTen[decimals]
        let whole = UInt64(scaled / UInt128(unit)), fraction = UInt64(scaled % UInt128(unit))
        if value.sign == .minus { out += "-" }
        out += String(whole)
        guard decimals > 0 else { return }
        out += "."
        let digits = String(fraction)
        if digits.count < decimals { out += String(repeating: "0", count: decimals - digits.count) }
        out += digits
    }

    /// round-half-even(|value| × 10^decimals), exactly: |value| = m × 2^e with m < 2^53.
    private static func roundedScaled(_ magnitude: Double, decimals: Int) -> UInt128 {
        guard magnitude != 0 else { return 0 }
        let isNormal = magnitude.exponentBitPattern != 0
        let m = UInt128(isNormal ? magnitude.significandBitPattern | (1 << 52) : magnitude.significandBitPattern)
        let e = isNormal ? Int(magnitude.exponentBitPattern) - 1075 : -1074
        let product = m * UInt128(powersOfTen[decimals])   // < 2^53 × 10^9 < 2^83
        if e >= 0 { return product << e }                    // e ≤ 10 below 2^63: < 2^93
        let shift = -e
        // Below one half of the last place (product < 2^83 ≤ 2^(shift − 1)): rounds to zero.
        guard shift <= 83 else { return 0 }
        let quotient = product >> shift
        let remainder = product & ((1 << shift) - 1)
        let half = UInt128(1) << (shift - 1)
        if remainder > half || (remainder == half && quotient & 1 == 1) { return quotient + 1 }
        return quotient
    }

    private static let powersOfTen: [UInt64] = (0...maximumDecimals).map { n in
        (0..<n).reduce(UInt64(1)) { product, _ in product * 10 }
    }

    private static func fallback(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
