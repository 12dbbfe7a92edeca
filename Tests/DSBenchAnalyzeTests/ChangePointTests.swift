import Foundation
import Testing
@testable import DSBenchAnalyze

@Suite struct ChangePointTests {
    /// ±0.5 around `level`, deterministic.
    func noisy(_ level: Double, _ count: Int, phase: Int = 0) -> [Double] {
        (0..<count).map { level + Double((($0 + phase) % 3) - 1) * 0.5 }
    }

    @Test func findsOneStepWhereTheMeanDrops() throws {
        let series = noisy(100, 20) + noisy(90, 20, phase: 1)
        let points = ChangePoints.detect(series)
        #expect(points.count == 1)
        let point = try #require(points.first)
        #expect(point.index == 20)
        #expect(abs(point.meanBefore - 100) < 0.5 && abs(point.meanAfter - 90) < 0.5)
    }

    @Test func noChangeInNoiseOrAConstantSeries() {
        #expect(ChangePoints.detect(noisy(100, 60)).isEmpty)
        #expect(ChangePoints.detect([Double](repeating: 5, count: 30)).isEmpty)
    }

    @Test func aSlowDriftUnderAnyTolerancePerRunIsStillFound() {
        // 0.2 % lower every night for 60 nights: no run is 5 % below the previous one.
        let series = (0..<60).map { 100 * (1 - 0.002 * Double($0)) }
        #expect(!ChangePoints.detect(series).isEmpty)
    }

    @Test func tooShortOrNonFiniteSeriesGiveNothing() {
        #expect(ChangePoints.detect([1, 2, 3, 10, 11]).isEmpty)
        #expect(ChangePoints.detect([]).isEmpty)
        #expect(ChangePoints.detect(noisy(1, 10) + [.nan] + noisy(9, 10)).isEmpty)
    }

    @Test func aSingleStepInAnOtherwiseConstantSeriesIsScaledByTheFallback() {
        let series = [Double](repeating: 50, count: 10) + [Double](repeating: 40, count: 10)
        #expect(ChangePoints.detect(series).map(\.index) == [10])
    }
}
