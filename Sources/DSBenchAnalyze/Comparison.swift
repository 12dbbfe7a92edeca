import DSBenchCore

/// Compares a run's busbw curves with a baseline's, size by size, then summarises them per band.
/// A size uses one busbw per iteration when both sides stored nccl-tests `-I 1` times for it
/// (`IterationSamples`), otherwise one per row half and run (`BusbwSamples`).
///
/// A size is a regression when its median busbw is worse than the band's tolerance AND, where the
/// samples allow the test to reach α at all, the one-sided Mann–Whitney test rejects "no
/// difference" at α. With fewer samples (e.g. one run against two: 2 vs 4 values, smallest
/// attainable p = 1/15) the verdict rests on the tolerance alone and says so. A band is a
/// regression when any of its sizes is: tolerances are set above the measured noise of a single
/// size, so one size past them is already evidence.
public enum Comparison {
    public struct Options: Sendable {
        public var policy: RegressionPolicy
        public var alpha: Double { policy.alpha ?? 0.05 }

        public init(policy: RegressionPolicy = RegressionPolicy()) { self.policy = policy }
    }

    /// `matchStepNames` should be false when either side holds ingested logs (see `SeriesKey`).
    public static func compare(candidate: [NcclStepResults], baseline: [NcclStepResults], candidateRunID: Int64,
                               baselineRunIDs: [Int64], baselineLabel: String, matchStepNames: Bool,
                               options: Options = Options(),
                               environmentChanges: [EnvironmentChange] = []) -> ComparisonReport {
        let candidateTable = BusbwSamples.table(candidate, matchStepNames: matchStepNames)
        let baselineTable = BusbwSamples.table(baseline, matchStepNames: matchStepNames)
        let candidateIterations = IterationSamples.table(candidate, matchStepNames: matchStepNames)
        let baselineIterations = IterationSamples.table(baseline, matchStepNames: matchStepNames)
        var series: [SeriesComparison] = []
        var unmatched: [SeriesKey] = []
        for key in candidateTable.keys.sorted() {
            guard let candidateSizes = candidateTable[key], let baselineSizes = baselineTable[key] else {
                unmatched.append(key); continue
            }
            let tolerances = options.policy.tolerances(step: key.toleranceStep)
            series.append(compareSeries(key: key, candidate: candidateSizes, baseline: baselineSizes,
                                        candidateIterations: candidateIterations[key] ?? [:],
                                        baselineIterations: baselineIterations[key] ?? [:],
                                        tolerances: tolerances, alpha: options.alpha))
        }
        return ComparisonReport(
            candidateRunID: candidateRunID, baselineRunIDs: baselineRunIDs, baselineLabel: baselineLabel,
            alpha: options.alpha, series: series, unmatchedSeries: unmatched,
            correctness: CorrectnessFindings.of(candidate), environmentChanges: environmentChanges)
    }

    /// Per size, the per-iteration samples when both sides have them, else the run means.
    static func compareSeries(key: SeriesKey, candidate: [Int64: [Double]], baseline: [Int64: [Double]],
                              candidateIterations: [Int64: [Double]] = [:], baselineIterations: [Int64: [Double]] = [:],
                              tolerances: BandTolerances, alpha: Double) -> SeriesComparison {
        let direction = BusbwSamples.direction
        var sizes: [SizeComparison] = []
        for size in Set(candidate.keys).intersection(baseline.keys).sorted() {
            let band = SizeBand.of(size: size)
            if let c = candidateIterations[size], let b = baselineIterations[size] {
                sizes.append(compareSize(size: size, band: band, candidate: c, baseline: b, tolerance: tolerances[band],
                                         alpha: alpha, direction: direction, samples: .perIteration))
            } else {
                sizes.append(compareSize(size: size, band: band, candidate: candidate[size] ?? [], baseline: baseline[size] ?? [],
                                         tolerance: tolerances[band], alpha: alpha, direction: direction))
            }
        }
        let unmatched = Set(candidate.keys).symmetricDifference(baseline.keys).sorted()
        let bands = SizeBand.allCases.compactMap { band -> BandSummary? in
            let inBand = sizes.filter { $0.band == band }
            guard !inBand.isEmpty else { return nil }
            return summarise(band, inBand, tolerance: tolerances[band], direction: direction)
        }
        return SeriesComparison(key: key, metric: BusbwSamples.metric, direction: direction, sizes: sizes,
                                bands: bands, unmatchedSizes: unmatched)
    }

    public static func compareSize(size: Int64, band: SizeBand, candidate: [Double], baseline: [Double],
                                   tolerance: Double, alpha: Double, direction: ImprovementDirection,
                                   samples: SampleKind = .runMeans) -> SizeComparison {
        let o = compareSamples(candidate: candidate, baseline: baseline, tolerance: tolerance, alpha: alpha,
                               direction: direction)
        return SizeComparison(size: size, band: band, tolerance: tolerance, baselineSamples: o.baselineSamples,
                              candidateSamples: o.candidateSamples, baselineMedian: o.baselineMedian,
                              candidateMedian: o.candidateMedian, change: o.change, test: o.test, basis: o.basis,
                              verdict: o.verdict, samples: samples)
    }

    /// The one decision of a comparison, for any samples with a direction (busbw of one size, a
    /// workload metric): medians, their relative change, the one-sided test where the sample
    /// counts let it reach α, and the verdict against the tolerance.
    public static func compareSamples(candidate: [Double], baseline: [Double], tolerance: Double, alpha: Double,
                                      direction: ImprovementDirection) -> SampleComparison {
        let c = Descriptive.finite(candidate), b = Descriptive.finite(baseline)
        let candidateMedian = Descriptive.median(c), baselineMedian = Descriptive.median(b)
        let change = baselineMedian.flatMap { base in candidateMedian.flatMap { Descriptive.relativeChange(from: base, to: $0) } }
        // "Worse" is a signed notion: for lower-is-better metrics a rise is the bad direction.
        let worse = change.map { direction == .higherIsBetter ? -$0 : $0 }
        let enough = MannWhitney.hasEnoughSamples(n1: c.count, n2: b.count, alpha: alpha)
        let test = enough ? MannWhitney.test(c, b, alternative: direction == .higherIsBetter ? .less : .greater) : nil
        let basis: ComparisonBasis = enough ? .toleranceAndTest : .toleranceOnlyInsufficientSamples
        let verdict: ComparisonVerdict
        if let worse {
            if worse > tolerance {
                verdict = (test.map { $0.p < alpha } ?? true) ? .regression : .notSignificant
            } else if -worse > tolerance {
                verdict = .improvement
            } else {
                verdict = .ok
            }
        } else {
            verdict = .notComparable
        }
        return SampleComparison(tolerance: tolerance, baselineSamples: b.count, candidateSamples: c.count,
                                baselineMedian: baselineMedian, candidateMedian: candidateMedian, change: change,
                                test: test, basis: basis, verdict: verdict)
    }

    static func summarise(_ band: SizeBand, _ sizes: [SizeComparison], tolerance: Double,
                          direction: ImprovementDirection) -> BandSummary {
        let changes = sizes.compactMap { s in s.change.map { (s.size, $0) } }
        let worst = changes.min { direction == .higherIsBetter ? $0.1 < $1.1 : $0.1 > $1.1 }
        let regressed = sizes.filter { $0.verdict == .regression }.count
        let verdict: ComparisonVerdict
        if regressed > 0 { verdict = .regression }
        else if changes.isEmpty { verdict = .notComparable }
        else if sizes.contains(where: { $0.verdict == .notSignificant }) { verdict = .notSignificant }
        else { verdict = .ok }
        // The band rests on the test only if every size of it had enough samples.
        let basis: ComparisonBasis = sizes.allSatisfy { $0.basis == .toleranceAndTest }
            ? .toleranceAndTest : .toleranceOnlyInsufficientSamples
        let kinds = Set(sizes.map(\.samples))
        return BandSummary(band: band, tolerance: tolerance, compared: sizes.count, regressed: regressed,
                           medianChange: Descriptive.median(changes.map(\.1)), worstChange: worst?.1,
                           worstSize: worst?.0, basis: basis, verdict: verdict,
                           samples: kinds.count == 1 ? kinds.first ?? .runMeans : .mixed,
                           candidateSamples: sizes.map(\.candidateSamples), baselineSamples: sizes.map(\.baselineSamples))
    }
}
