import Foundation

/// Order statistics used by every analysis. All functions drop NaN and ±inf first (a value that
/// is not a number carries no evidence) and return nil when nothing finite is left.
public enum Descriptive {
    /// The most frequent of `names`; a tie goes to the one first in sort order (so the answer does
    /// not depend on input order); nil for none.
    public static func mostCommon<S: Sequence>(_ names: S) -> String? where S.Element == String {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    /// The finite values of `values`, in order.
    public static func finite(_ values: [Double]) -> [Double] {
        values.filter(\.isFinite)
    }

    /// Sample median: the middle order statistic, or the mean of the two middle ones for an even count.
    public static func median(_ values: [Double]) -> Double? {
        let sorted = finite(values).sorted()
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Median absolute deviation, unscaled: MAD = median(|xᵢ − median(x)|)
    /// (Hampel 1974, "The influence curve and its role in robust estimation", JASA 69:383).
    /// Multiply by 1.4826 for a consistent estimate of σ under normality.
    public static func mad(_ values: [Double]) -> Double? {
        let xs = finite(values)
        guard let center = median(xs) else { return nil }
        return median(xs.map { abs($0 - center) })
    }

    /// Mean absolute deviation around the median: MeanAD = (1/n)·Σ|xᵢ − median(x)|. Used when the
    /// MAD is zero (more than half of the values are equal) — see `RobustZ`.
    public static func meanAbsoluteDeviation(_ values: [Double]) -> Double? {
        let xs = finite(values)
        guard let center = median(xs) else { return nil }
        return xs.reduce(0) { $0 + abs($1 - center) } / Double(xs.count)
    }

    /// Relative change (new − old) / |old|; nil when `old` is 0 or either value is not finite
    /// (a zero reference has no relative scale: callers report "not comparable").
    public static func relativeChange(from old: Double, to new: Double) -> Double? {
        guard old.isFinite, new.isFinite, old != 0 else { return nil }
        return (new - old) / abs(old)
    }
}
