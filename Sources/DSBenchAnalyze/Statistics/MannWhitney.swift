import Foundation

/// Mann–Whitney U test (Wilcoxon rank-sum) of two independent samples.
///
/// Mann & Whitney (1947), "On a test of whether one of two random variables is stochastically
/// larger than the other", Ann. Math. Statist. 18:50–60:
///
///     U₁ = R₁ − n₁(n₁+1)/2        (R₁ = sum of the midranks of sample 1 in the pooled sample)
///
/// U₁ counts the pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½.
/// - Exact p (no ties, n₁·n₂ ≤ `exactLimit`): the null distribution of U from Mann & Whitney's
///   recursion f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u), every arrangement equally likely.
/// - Otherwise the normal approximation with the tie correction (Lehmann 1975, "Nonparametrics:
///   Statistical Methods Based on Ranks", eq. 1.3.13; same as scipy.stats.mannwhitneyu):
///
///       μ = n₁n₂/2,   σ² = n₁n₂/12 · [(N+1) − Σₖ(tₖ³ − tₖ)/(N(N−1))]
///
///   where tₖ is the size of the k-th group of ties and N = n₁ + n₂, with a continuity correction
///   of ½ toward μ.
///
/// Assumptions (declared, not checked): the values within and between the samples are independent
/// draws; under H₀ both come from the same continuous distribution. Non-finite values are dropped.
public enum MannWhitney {
    /// Which way sample 1 (`x`) is expected to differ from sample 2 (`y`) under the alternative.
    public enum Alternative: String, Sendable, Codable {
        case twoSided = "two-sided"
        /// x tends to be smaller than y.
        case less
        /// x tends to be larger than y.
        case greater
    }

    public enum Method: String, Sendable, Codable { case exact, normal }

    public struct Result: Sendable, Equatable {
        /// U of the first sample.
        public var u: Double
        public var p: Double
        public var method: Method
        public var n1: Int
        public var n2: Int
    }

    /// Exact distributions are computed up to this many pairs (n₁·n₂); beyond, the normal
    /// approximation is within 0.001 of the exact p.
    public static let exactLimit = 400

    /// nil when either sample has no finite value.
    public static func test(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided) -> Result? {
        let xs = Descriptive.finite(x), ys = Descriptive.finite(y)
        let n1 = xs.count, n2 = ys.count
        guard n1 > 0, n2 > 0 else { return nil }
        let (rankSum, tieTerm) = midrankSum(xs, ys)
        let u = rankSum - Double(n1 * (n1 + 1)) / 2
        if tieTerm == 0, n1 * n2 <= exactLimit {
            return Result(u: u, p: exactP(u: u, n1: n1, n2: n2, alternative), method: .exact, n1: n1, n2: n2)
        }
        return Result(u: u, p: normalP(u: u, n1: n1, n2: n2, tieTerm: tieTerm, alternative), method: .normal,
                      n1: n1, n2: n2)
    }

    /// The smallest p any outcome can give with these sample sizes (the most extreme arrangement,
    /// 1/C(N, n₁) one-sided). When it exceeds α the test can never reject: too few samples.
    public static func smallestAttainableP(n1: Int, n2: Int, alternative: Alternative = .less) -> Double {
        guard n1 > 0, n2 > 0 else { return 1 }
        // log C(N, n1) through lgamma, to stay finite for large samples.
        let logC = lgamma(Double(n1 + n2 + 1)) - lgamma(Double(n1 + 1)) - lgamma(Double(n2 + 1))
        let one = exp(-logC)
        return min(1, alternative == .twoSided ? 2 * one : one)
    }

    public static func hasEnoughSamples(n1: Int, n2: Int, alpha: Double, alternative: Alternative = .less) -> Bool {
        smallestAttainableP(n1: n1, n2: n2, alternative: alternative) <= alpha
    }

    /// Sum of the midranks of `xs` in the pooled sample, and Σ(t³ − t) over groups of ties.
    static func midrankSum(_ xs: [Double], _ ys: [Double]) -> (Double, Double) {
        let pooled = (xs.map { ($0, true) } + ys.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSum = 0.0, tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let midrank = Double(start + end + 2) / 2  // ranks are 1-based
            let t = Double(end - start + 1)
            tieTerm += t * t * t - t
            for i in start...end where pooled[i].1 { rankSum += midrank }
            start = end + 1
        }
        return (rankSum, tieTerm)
    }

    /// Counts of arrangements giving each U for sizes (m, n): index u in 0...m·n.
    static func exactCounts(n1 m: Int, n2 n: Int) -> [Double] {
        // table[j][u] holds f(i, j, u) for the current i; rolled over i.
        var table = [[Double]](repeating: [1], count: n + 1)  // f(0, j, 0) = 1
        if m == 0 || n == 0 { return table[n] }
        for i in 1...m {
            var next = [[Double]](repeating: [], count: n + 1)
            next[0] = [Double](repeating: 0, count: 1)
            next[0][0] = 1  // f(i, 0, 0) = 1
            for j in 1...n {
                var row = [Double](repeating: 0, count: i * j + 1)
                for u in 0...(i * j) {
                    // f(i, j, u) = f(i−1, j, u−j) + f(i, j−1, u)
                    let a = u - j >= 0 && u - j < table[j].count ? table[j][u - j] : 0
                    let b = u < next[j - 1].count ? next[j - 1][u] : 0
                    row[u] = a + b
                }
                next[j] = row
            }
            table = next
        }
        return table[n]
    }

    static func exactP(u: Double, n1: Int, n2: Int, _ alternative: Alternative) -> Double {
        let counts = exactCounts(n1: n1, n2: n2)
        let total = counts.reduce(0, +)
        let observed = Int(u.rounded())
        let lower = counts[0...min(observed, counts.count - 1)].reduce(0, +) / total
        let upper = counts[max(0, observed)...].reduce(0, +) / total
        switch alternative {
        case .less: return lower
        case .greater: return upper
        case .twoSided: return min(1, 2 * min(lower, upper))
        }
    }

    static func normalP(u: Double, n1: Int, n2: Int, tieTerm: Double, _ alternative: Alternative) -> Double {
        let m = Double(n1), n = Double(n2), total = m + n
        let mean = m * n / 2
        let variance = m * n / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        guard variance > 0 else { return 1 }  // every value tied: no evidence either way
        let sigma = variance.squareRoot()
        switch alternative {
        case .less: return standardNormalCDF((u - mean + 0.5) / sigma)
        case .greater: return standardNormalCDF(-(u - mean - 0.5) / sigma)
        case .twoSided:
            let z = max(0, abs(u - mean) - 0.5) / sigma
            return min(1, erfc(z / 2.0.squareRoot()))  // 2·(1 − Φ(z)), without the cancellation
        }
    }

    /// Φ(z) = ½·erfc(−z/√2).
    static func standardNormalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}
