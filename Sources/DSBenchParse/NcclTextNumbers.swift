/// Number parsing on byte spans, written by hand because the hot path must not build a
/// `String` per field. Every function returns nil for anything it does not fully understand
/// and never traps (overflow is checked).
enum NcclTextNumbers {
    /// What a numeric cell of an nccl-tests table holds.
    enum Cell: Equatable {
        case number(Double)
        /// `N/A`: not measured or not reported.
        case notAvailable
        /// `inf`, `-inf`, `nan`, `-nan`: printed, but not a finite value.
        case nonFinite
        case invalid
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// Steps `i` (inside the span) over a leading `-` or `+`; true for `-`.
    @inline(__always)
    static func skipSign(_ span: NcclTextSpan, _ i: inout Int) -> Bool {
        let sign = span.base[i]
        guard sign == 0x2D || sign == 0x2B else { return false }
        i += 1
        return sign == 0x2D
    }

    /// A decimal integer with an optional sign; nil on overflow or any other character.
    static func int64(_ span: NcclTextSpan) -> Int64? {
        var i = span.lower
        let end = span.upper
        guard i < end else { return nil }
        let negative = skipSign(span, &i)
        guard i < end else { return nil }
        var value: Int64 = 0
        while i < end {
            let b = span.base[i]
            guard isDigit(b) else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(b &- 0x30))
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return negative ? -value : value
    }

    static func int(_ span: NcclTextSpan) -> Int? {
        int64(span).flatMap { Int(exactly: $0) }
    }

    /// True when the span is one or more digits (no sign).
    static func isUnsignedInteger(_ span: NcclTextSpan) -> Bool {
        guard !span.isEmpty else { return false }
        var i = span.lower
        while i < span.upper {
            if !isDigit(span.base[i]) { return false }
            i += 1
        }
        return true
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// `[-+]digits[.digits][e[-+]digits]` as printf writes it. Uses the exact fast path
    /// (integer mantissa below 2^53 scaled by an exact power of ten, one correctly rounded
    /// operation) and falls back to the standard library for anything longer.
    static func double(_ span: NcclTextSpan) -> Double? {
        var i = span.lower
        let end = span.upper
        guard i < end else { return nil }
        let negative = skipSign(span, &i)
        var mantissa: UInt64 = 0
        var digits = 0
        var significantOverflow = false
        var scale = 0
        var sawDigit = false
        while i < end, isDigit(span.base[i]) {
            sawDigit = true
            if mantissa < 100_000_000_000_000_000 {
                mantissa = mantissa &* 10 &+ UInt64(span.base[i] &- 0x30); digits += 1
            } else { significantOverflow = true; scale += 1 }
            i += 1
        }
        if i < end, span.base[i] == 0x2E {
            i += 1
            while i < end, isDigit(span.base[i]) {
                sawDigit = true
                if mantissa < 100_000_000_000_000_000 {
                    mantissa = mantissa &* 10 &+ UInt64(span.base[i] &- 0x30); digits += 1; scale -= 1
                } else { significantOverflow = true }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, span.base[i] | 0x20 == 0x65 {
            i += 1
            var expNegative = false
            if i < end, span.base[i] == 0x2D || span.base[i] == 0x2B {
                expNegative = span.base[i] == 0x2D
                i += 1
            }
            var exponent = 0
            var expDigits = 0
            while i < end, isDigit(span.base[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(span.base[i] &- 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            scale += expNegative ? -exponent : exponent
        }
        guard i == end else { return nil }
        let value: Double
        if !significantOverflow, mantissa <= (1 << 53), scale >= -22, scale <= 22 {
            let m = Double(mantissa)
            value = scale < 0 ? m / exactPowersOfTen[-scale] : m * exactPowersOfTen[scale]
        } else {
            guard let parsed = Double(span.string) else { return nil }
            return parsed
        }
        return negative ? -value : value
    }

    /// A table cell: a number, `N/A`, or a non-finite token.
    static func cell(_ span: NcclTextSpan) -> Cell {
        guard let first = span.byte(at: span.lower) else { return .invalid }
        if isDigit(first) || first == 0x2E || ((first == 0x2D || first == 0x2B) && span.count > 1
            && (span.byte(at: span.lower + 1).map { isDigit($0) || $0 == 0x2E } ?? false)) {
            guard let v = double(span) else { return .invalid }
            return v.isFinite ? .number(v) : .nonFinite
        }
        if span.equals("N/A") { return .notAvailable }
        if isNonFiniteWord(span) { return .nonFinite }
        return .invalid
    }

    /// `inf`, `-inf`, `+inf`, `infinity`, `nan`, `-nan`, `nan(...)`, any case.
    static func isNonFiniteWord(_ span: NcclTextSpan) -> Bool {
        var s = span
        if let f = s.byte(at: s.lower), f == 0x2D || f == 0x2B { s = s.dropping(first: 1) }
        guard s.count >= 3, let a = s.byte(at: s.lower), let b = s.byte(at: s.lower + 1),
              let c = s.byte(at: s.lower + 2) else { return false }
        let word = (a | 0x20, b | 0x20, c | 0x20)
        if word == (0x69, 0x6E, 0x66) { return s.count == 3 || s.count == 8 }   // inf, infinity
        if word == (0x6E, 0x61, 0x6E) { return s.count == 3 || s.byte(at: s.lower + 3) == 0x28 }
        return false
    }

    /// A wrong-element count as `%6g` prints it: `0`, `12`, `1.04858e+06`. The e-notation
    /// keeps six significant digits, so the result is what was printed, not the exact count.
    static func wrongCount(_ span: NcclTextSpan) -> Int64? {
        if let i = int64(span) { return i >= 0 ? i : nil }
        guard let d = double(span), d.isFinite, d >= 0, d < 9.0e18 else { return nil }
        return Int64(exactly: d.rounded())
    }

    /// Decodes an NCCL version code: `X*10000+Y*100+Z` from 2.9 on (code ≥ 20900),
    /// `X*1000+Y*100+Z` before.
    static func ncclVersion(code: Int) -> String? {
        guard code > 0 else { return nil }
        if code >= 20900 {
            return "\(code / 10000).\((code / 100) % 100).\(code % 100)"
        }
        return "\(code / 1000).\((code % 1000) / 100).\(code % 100)"
    }
}
