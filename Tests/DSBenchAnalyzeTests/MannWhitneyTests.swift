import Foundation
import Testing
@testable import DSBenchAnalyze

@Suite struct MannWhitneyTests {
    @Test func exactNullDistributionForThreeAgainstThree() {
        // Mann & Whitney (1947) table for n1 = n2 = 3: frequencies of U = 0…9 out of C(6,3) = 20.
        #expect(MannWhitney.exactCounts(n1: 3, n2: 3) == [1, 1, 2, 3, 3, 3, 3, 2, 1, 1])
    }

    @Test func completeSeparationGivesTheSmallestExactP() throws {
        let result = try #require(MannWhitney.test([1, 2, 3], [4, 5, 6], alternative: .less))
        #expect(result.u == 0)
        #expect(result.method == .exact)
        #expect(abs(result.p - 1.0 / 20) < 1e-12)
        let twoSided = try #require(MannWhitney.test([1, 2, 3], [4, 5, 6]))
        #expect(abs(twoSided.p - 0.1) < 1e-12)
        let greater = try #require(MannWhitney.test([1, 2, 3], [4, 5, 6], alternative: .greater))
        #expect(greater.p == 1)
    }

    @Test func tiesUseTheNormalApproximationWithTieCorrection() throws {
        // Pooled 1 2 2 2 3 4: midranks 1, 3, 3 for x → R = 7, U = 1; Σ(t³−t) = 24;
        // σ² = 9/12 · (7 − 24/30) = 4.65; z = (1 − 4.5 + 0.5)/√4.65 → Φ(z) = 0.0820799 (hand-computed).
        let less = try #require(MannWhitney.test([1, 2, 2], [2, 3, 4], alternative: .less))
        #expect(less.method == .normal)
        #expect(less.u == 1)
        #expect(abs(less.p - 0.0820799) < 1e-6)
        let twoSided = try #require(MannWhitney.test([1, 2, 2], [2, 3, 4]))
        #expect(abs(twoSided.p - 0.1641597) < 1e-6)
    }

    @Test func largeSamplesUseTheNormalApproximation() throws {
        let x = (1...30).map(Double.init), y = (31...60).map(Double.init)
        let result = try #require(MannWhitney.test(x, y, alternative: .less))
        #expect(result.method == .normal)
        #expect(result.u == 0)
        // z = (0 − 450 + 0.5)/√(900·61/12) = −6.645 → p ≈ 1.5e-11.
        #expect(result.p > 1e-12 && result.p < 1e-10)
    }

    @Test func emptyOneSampleAndNonFiniteInputs() throws {
        #expect(MannWhitney.test([], [1, 2]) == nil)
        #expect(MannWhitney.test([.nan, .infinity], [1, 2]) == nil)
        let single = try #require(MannWhitney.test([1], [2], alternative: .less))
        #expect(single.p == 0.5)
        let filtered = try #require(MannWhitney.test([1, 2, 3, .nan], [4, 5, 6, -.infinity], alternative: .less))
        #expect(filtered.n1 == 3 && filtered.n2 == 3 && abs(filtered.p - 0.05) < 1e-12)
    }

    @Test func everyValueTiedIsNoEvidence() throws {
        let result = try #require(MannWhitney.test([5, 5], [5, 5, 5], alternative: .less))
        #expect(result.p == 1)
        #expect(result.u == 3)
    }

    @Test func smallestAttainablePDecidesWhetherTheTestCanReject() {
        #expect(abs(MannWhitney.smallestAttainableP(n1: 2, n2: 4) - 1.0 / 15) < 1e-12)
        #expect(abs(MannWhitney.smallestAttainableP(n1: 3, n2: 4) - 1.0 / 35) < 1e-12)
        #expect(!MannWhitney.hasEnoughSamples(n1: 2, n2: 4, alpha: 0.05))
        #expect(MannWhitney.hasEnoughSamples(n1: 3, n2: 4, alpha: 0.05))
        #expect(!MannWhitney.hasEnoughSamples(n1: 0, n2: 40, alpha: 0.05))
    }
}
