import Foundation

/// Change points in the mean of a series by binary segmentation with the CUSUM statistic.
///
/// Binary segmentation: Scott & Knott (1974), "A cluster analysis method for grouping means in the
/// analysis of variance", Biometrics 30:507; Vostrikova (1981). The statistic for a split of
/// x[s..<e] after position k is the standardised CUSUM (Fryzlewicz 2014, "Wild binary
/// segmentation for multiple change-point detection", Ann. Statist. 42:2243, eq. 2):
///
///     C(k) = √(k·(n−k)/n) · |mean(x[s..<s+k]) − mean(x[s+k..<e])|,   n = e − s
///
/// The segment is split at the k maximising C when C/σ exceeds ζ = c·√(2·log N) (Fryzlewicz's
/// threshold, c = 1.3 by default), and both halves are searched again. σ is estimated robustly
/// from first differences, which a step changes only once: σ̂ = MAD(Δx) / (0.6745·√2)
/// (Fryzlewicz 2014, §3.2). A slow drift shows as a change point too: its halves differ in mean.
///
/// Assumptions: independent observations with one noise level, piecewise-constant mean.
/// Non-finite values must be removed by the caller (indices refer to the given array).
public enum ChangePoints {
    public struct Options: Sendable, Equatable {
        /// c in ζ = c·√(2·log N).
        public var thresholdConstant: Double
        /// Fewest points on either side of a change.
        public var minimumSegment: Int
        /// Ignore shifts smaller than this fraction of the overall median (|Δmean| / |median|):
        /// with a tiny σ̂, a shift far below what matters would otherwise count.
        public var minimumRelativeShift: Double

        public init(thresholdConstant: Double = 1.3, minimumSegment: Int = 3, minimumRelativeShift: Double = 0.01) {
            self.thresholdConstant = thresholdConstant; self.minimumSegment = minimumSegment
            self.minimumRelativeShift = minimumRelativeShift
        }
    }

    public struct ChangePoint: Sendable, Equatable {
        /// First index of the new segment.
        public var index: Int
        public var meanBefore: Double
        public var meanAfter: Double
        /// C(k)/σ̂ at the split.
        public var statistic: Double

        /// (after − before) / |before|; nil when the mean before is 0.
        public var relativeChange: Double? { Descriptive.relativeChange(from: meanBefore, to: meanAfter) }
    }

    /// Change points in increasing index order; none for fewer than 2·minimumSegment points or a
    /// flat series.
    public static func detect(_ series: [Double], options: Options = Options()) -> [ChangePoint] {
        let n = series.count
        let minimum = max(1, options.minimumSegment)
        guard n >= 2 * minimum, series.allSatisfy(\.isFinite) else { return [] }
        let differences = zip(series.dropFirst(), series).map { $0 - $1 }
        var sigma = (Descriptive.mad(differences) ?? 0) / (RobustZ.consistency * 2.0.squareRoot())
        if sigma == 0 {
            // More than half of the steps are exactly flat: fall back to the mean absolute
            // difference so a single step in an otherwise constant series is still scaled.
            let meanAD = differences.reduce(0) { $0 + abs($1) } / Double(max(1, differences.count))
            sigma = meanAD * RobustZ.meanADConsistency / 2.0.squareRoot()
        }
        guard sigma > 0 else { return [] }
        let threshold = options.thresholdConstant * (2 * log(Double(n))).squareRoot()
        let scale = abs(Descriptive.median(series) ?? 0)
        var prefix = [0.0]
        prefix.reserveCapacity(n + 1)
        for x in series { prefix.append(prefix[prefix.count - 1] + x) }

        var found: [ChangePoint] = []
        var pending = [(0, n)]
        while let (start, end) = pending.popLast() {
            let length = end - start
            guard length >= 2 * minimum else { continue }
            var best: (k: Int, c: Double, before: Double, after: Double)?
            for k in minimum...(length - minimum) {
                let left = (prefix[start + k] - prefix[start]) / Double(k)
                let right = (prefix[end] - prefix[start + k]) / Double(length - k)
                let c = (Double(k) * Double(length - k) / Double(length)).squareRoot() * abs(left - right)
                if c > (best?.c ?? -1) { best = (k, c, left, right) }
            }
            guard let split = best, split.c / sigma > threshold else { continue }
            guard scale == 0 || abs(split.after - split.before) / scale >= options.minimumRelativeShift else { continue }
            found.append(ChangePoint(index: start + split.k, meanBefore: split.before, meanAfter: split.after,
                                     statistic: split.c / sigma))
            pending.append((start, start + split.k))
            pending.append((start + split.k, end))
        }
        return found.sorted { $0.index < $1.index }
    }
}
