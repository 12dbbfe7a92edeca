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
/// Assumption: the peers are exchangeable (same hardware, same test); the score says how far one
/// value is from the bulk, not why.
public enum RobustZ {
    public static let consistency = 0.6745
    public static let meanADConsistency = 1.253314
    /// Iglewicz & Hoaglin's suggested cut-off.
    public static let defaultThreshold = 3.5

    /// Scores for each value, in order; nil for a non-finite value. Empty input gives empty output.
    public static func scores(_ values: [Double]) -> [Double?] {
        guard let center = Descriptive.median(values), let mad = Descriptive.mad(values) else {
            return values.map { _ in nil }
        }
        let meanAD = Descriptive.meanAbsoluteDeviation(values) ?? 0
        return values.map { x -> Double? in
            guard x.isFinite else { return nil }
            let deviation = x - center
            if mad > 0 { return consistency * deviation / mad }
            if meanAD > 0 { return deviation / (meanADConsistency * meanAD) }
            return 0
        }
    }
}
