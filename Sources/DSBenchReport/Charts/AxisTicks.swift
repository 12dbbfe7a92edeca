import Foundation

/// Y-axis ticks that say something: every label differs. A flat series (busbw 0 on a one-GPU
/// node, an idle GPU's 0 % SM) once drew five ticks that all read "0"; such an axis is widened
/// until its labels tell the values apart.
enum AxisTicks {
    /// Round 1/2/5 × 10^k ticks covering `low…high` (from zero when `fromZero`), labels distinct.
    static func linear(low dataLow: Double, high dataHigh: Double, fromZero: Bool) -> [Double] {
        var low = fromZero ? min(0, dataLow) : dataLow
        var high = fromZero ? max(0, dataHigh) : dataHigh
        guard low.isFinite, high.isFinite else { return [0, 1] }
        if !(high > low) {
            // One value: an axis from 0 to 1 for zero, else ±10 % around it.
            if high == 0 { high = 1 } else {
                let pad = abs(high) * 0.1
                low = fromZero && low >= 0 ? low : low - pad
                high += pad
            }
        }
        for _ in 0..<64 {
            let ticks = SVGText.niceTicks(low: low, high: high)
            if ticks.count >= 2, Set(ticks.map(SVGText.tick)).count == ticks.count { return ticks }
            // Labels carry three significant digits: widen the range until the step shows in them.
            let span = high - low
            if !(fromZero && low >= 0) { low -= span / 2 }
            high += span / 2
        }
        return [low, high]
    }

    /// A tick at each power of ten from below `low` to above `high` (every second or third one
    /// when they would be more than about ten); `low` and `high` must be positive.
    static func log10(low: Double, high: Double) -> [Double] {
        guard low > 0, high > 0, low.isFinite, high.isFinite else { return [1, 10] }
        let first = Foundation.log10(low).rounded(.down)
        var last = Foundation.log10(high).rounded(.up)
        if last <= first { last = first + 1 }
        let every = max(1, ((last - first + 1) / 10).rounded(.up))
        let top = first + every * ((last - first) / every).rounded(.up)
        return stride(from: first, through: top, by: every).map { Foundation.pow(10, $0) }
    }

    /// A power of ten as people write it, in at most five characters (longer ones run into the
    /// axis title): `0.001`, `1`, `1000`, `1e4`, `1e-6`.
    static func powerOfTenLabel(_ value: Double) -> String {
        let exponent = Int(Foundation.log10(value).rounded())
        switch exponent {
        case 0...3: return "1" + String(repeating: "0", count: exponent)
        case -3 ..< 0: return "0." + String(repeating: "0", count: -exponent - 1) + "1"
        default: return "1e\(exponent)"
        }
    }
}
