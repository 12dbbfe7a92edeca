import DSBenchCore
import Foundation
import Testing
@testable import DSBenchAnalyze

/// The per-size decision: tolerance, then Mann–Whitney where the samples allow it.
@Suite struct SizeComparisonTests {
    func judge(_ candidate: [Double], _ baseline: [Double], tolerance: Double = 0.05,
               direction: ImprovementDirection = .higherIsBetter) -> SizeComparison {
        Comparison.compareSize(size: 1 << 30, band: .bandwidth, candidate: candidate, baseline: baseline,
                               tolerance: tolerance, alpha: 0.05, direction: direction)
    }

    @Test func enoughSamplesAndSignificantIsARegressionOnTheTest() throws {
        let s = judge([90, 91, 92, 89], [100, 101, 99, 100.5])
        #expect(s.basis == .toleranceAndTest)
        let test = try #require(s.test)
        #expect(test.u == 0 && abs(test.p - 1.0 / 70) < 1e-12)  // exact: 1/C(8,4)
        #expect(s.verdict == .regression)
        #expect(abs((s.change ?? 0) - (90.5 / 100.25 - 1)) < 1e-12)
    }

    @Test func pastTheToleranceButNotSignificantIsNotARegression() {
        // Medians 90 vs 100 (−10 %), but the samples interleave: p well above α.
        let s = judge([60, 90, 90, 130], [70, 100, 100, 120])
        #expect(s.basis == .toleranceAndTest)
        #expect((s.test?.p ?? 0) > 0.05)
        #expect(s.verdict == .notSignificant)
    }

    @Test func tooFewSamplesFallBackToTheToleranceAndSaySo() {
        let s = judge([90, 91], [100, 100, 101, 99])
        #expect(s.test == nil && s.basis == .toleranceOnlyInsufficientSamples && s.verdict == .regression)
        let inside = judge([98, 97], [100, 100, 101, 99])
        #expect(inside.verdict == .ok)
        let better = judge([120], [100])
        #expect(better.verdict == .improvement)
    }

    @Test func emptyOrZeroBaselineIsNotComparable() {
        #expect(judge([90, 91], []).verdict == .notComparable)
        #expect(judge([90, 91], [0, 0]).verdict == .notComparable)
        #expect(judge([], [100]).verdict == .notComparable)
        #expect(judge([.nan, .infinity], [100, 100]).verdict == .notComparable)
    }

    @Test func nonFiniteSamplesAreDropped() {
        let s = judge([90, .nan, 91, -.infinity], [100, .infinity, 101])
        #expect(s.candidateSamples == 2 && s.baselineSamples == 2)
        #expect(s.candidateMedian == 90.5 && s.baselineMedian == 100.5)
    }

    @Test func lowerIsBetterMetricsRegressUpwards() {
        let s = judge([110, 111], [100, 100], tolerance: 0.05, direction: .lowerIsBetter)
        #expect(s.verdict == .regression)
        #expect(judge([90, 91], [100, 100], direction: .lowerIsBetter).verdict == .improvement)
    }
}
