import DSBenchCore
import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// The default tolerances must sit above the noise between identical runs, measured on the real
/// captures (docs/regressions.md has the table these numbers come from).
@Suite struct NoiseToleranceTests {
    /// Per band: the largest drop of the slowest against the fastest of the identical runs at one
    /// size, 1 − t_min/t_max (busbw ∝ 1/time for a fixed size).
    func worstDropPerBand() throws -> [SizeBand: Double] {
        var times: [Int64: [Double]] = [:]
        for capture in ["b_all_reduce_8-8G_r1.txt", "b_all_reduce_8-8G_r2.txt", "b_all_reduce_8-8G_c1_n50.txt"] {
            guard case .ncclTests(let report) = Parsers.parse(.ncclTests, Array(try Fixtures.h200(capture).utf8)) else {
                Issue.record("\(capture) did not parse as nccl-tests"); continue
            }
            for row in report.rows {
                times[row.size, default: []] += [row.outOfPlace.timeUs, row.inPlace?.timeUs].compactMap { $0 }
            }
        }
        var worst: [SizeBand: Double] = [:]
        for (size, values) in times {
            guard let low = values.min(), let high = values.max(), high > 0 else { continue }
            worst[SizeBand.of(size: size), default: 0] = max(worst[SizeBand.of(size: size), default: 0], 1 - low / high)
        }
        return worst
    }

    @Test func defaultTolerancesExceedTheMeasuredNoiseOfEveryBand() throws {
        let worst = try worstDropPerBand()
        #expect(abs((worst[.latency] ?? 0) - 0.437) < 0.001)    // 2 MiB: 53.32 µs (c1_n50) vs 94.67 µs (r2)
        #expect(abs((worst[.mid] ?? 0) - 0.180) < 0.001)        // 8 MiB
        #expect(abs((worst[.bandwidth] ?? 0) - 0.010) < 0.001)  // 64 MiB
        for band in SizeBand.allCases {
            #expect((worst[band] ?? 1) < BandTolerances.defaults[band], "\(band)")
        }
    }
}
