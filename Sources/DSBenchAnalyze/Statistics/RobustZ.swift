import Foundation

/// Modified (robust) z-score of Iglewicz & Hoaglin (1993), "How to Detect and Handle Outliers",
/// ASQC Basic References in Quality Control vol. 16, §2.2:
///
///     Mᵢ = 0.6745 · (xᵢ − median(x)) / MAD
///
/// 0.6745 is Φ⁻¹(0.75), so that E[MAD] / 0.6745 = σ for normal data; |Mᵢ| > 3.5 is their suggested
/// outlier rule. When MAD = 0 (more than half of the values equal) the score is undefined; then,
/// as in IBM SPSS Modeler's "modified z-score" (Algorithms guide, Anomaly/Outlier handling),
///
///     Mᵢ = (xᵢ − median(x)) / (1.253314 · MeanAD)
///
/// where 1.253314 = √(π/2) makes the mean absolute deviation consistent for σ. When both are 0 every
/// value equals the median and no value is an outlier (score 0).
///
/// With a noise floor f > 0 (a fraction of the median: how much identical measurements differ
/// anyway) the scale is never below the measured noise:
///
///     Mᵢ = 0.6745 · (xᵢ − median(x)) / max(MAD, f · |median(x)|)
///
/// Without it, peers that agree closely (MAD = 0: three identical nodes) leave only the MeanAD
/// fallback, and that caps |Mᵢ| for the one node that differs: with n values, one of them d away,
/// MeanAD = d/n, so |Mᵢ| = n/1.253314 — 3.2 for four nodes, below the 3.5 cut-off however far
/// that node is (issue 11: a node at 3 % of three identical peers was not flagged). The floor
/// bounds the scale from below the way a known measurement error does; the fallback stays for
/// f = 0 and for a zero median.
///
/// Assumption: the peers are exchangeable (same hardware, same test); the score says how far one
/// value is from the bulk, not why.
public enum RobustZ {
    public static let consistency = 0.6745
    public static let meanADConsistency = 1.253314
    /// Iglewicz & Hoaglin's suggested cut-off.
    public static let defaultThreshold = 3.5

    /// Scores for each value, in order; nil for a non-finite value. Empty input gives empty output.
    /// `noiseFloor`: f above, a fraction of the median (0.02 = 2 %); 0 is the plain modified z.
    public static func scores(_ values: [Double], noiseFloor: Double = 0) -> [Double?] {
        guard let center = Descriptive.median(values), let mad = Descriptive.mad(values) else {
            return values.map { _ in nil }
        }
        let scale = max(mad, noiseFloor.isFinite ? max(noiseFloor, 0) * abs(center) : 0)
        let meanAD = Descriptive.meanAbsoluteDeviation(values) ?? 0
        return values.map { x -> Double? in
            guard x.isFinite else { return nil }
            let deviation = x - center
            if scale > 0 { return consistency * deviation / scale }
            if meanAD > 0 { return deviation / (meanADConsistency * meanAD) }
            return 0
        }
    }
}
