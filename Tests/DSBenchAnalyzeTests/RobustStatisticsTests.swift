import Foundation
import Testing
@testable import DSBenchAnalyze

@Suite struct RobustStatisticsTests {
    @Test func medianOfOddEvenEmptyAndNonFinite() {
        #expect(Descriptive.median([3, 1, 2]) == 2)
        #expect(Descriptive.median([4, 1, 3, 2]) == 2.5)
        #expect(Descriptive.median([]) == nil)
        #expect(Descriptive.median([.nan, .infinity]) == nil)
        #expect(Descriptive.median([7, .nan]) == 7)
    }

    @Test func madAndRobustZOfAKnownSeries() throws {
        let xs: [Double] = [1, 1, 2, 2, 4, 6, 9]  // median 2, |x−2| = 1 1 0 0 2 4 7 → MAD 1
        #expect(Descriptive.mad(xs) == 1)
        let z = RobustZ.scores(xs)
        #expect(abs(try #require(z[6]) - 0.6745 * 7) < 1e-12)
        #expect(z[2] == 0)
    }

    @Test func madZeroFallsBackToTheMeanAbsoluteDeviation() throws {
        let xs: [Double] = [10, 10, 10, 10, 5]  // MAD 0; MeanAD = 5/5 = 1
        #expect(Descriptive.mad(xs) == 0)
        let z = RobustZ.scores(xs)
        #expect(abs(try #require(z[4]) - (-5 / 1.253314)) < 1e-9)
        #expect(z[0] == 0)
    }

    @Test func identicalValuesAndOneSampleHaveNoOutlier() {
        #expect(RobustZ.scores([3, 3, 3]) == [0, 0, 0])
        #expect(RobustZ.scores([42]) == [0])
        #expect(RobustZ.scores([]).isEmpty)
        #expect(RobustZ.scores([1, .nan, 1])[1] == nil)
    }

    @Test func relativeChangeOfAZeroOrNonFiniteBaselineIsUndefined() {
        #expect(Descriptive.relativeChange(from: 0, to: 5) == nil)
        #expect(Descriptive.relativeChange(from: 10, to: 5) == -0.5)
        #expect(Descriptive.relativeChange(from: .nan, to: 5) == nil)
        #expect(Descriptive.relativeChange(from: 10, to: .infinity) == nil)
    }
}
