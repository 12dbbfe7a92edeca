import DSBenchCore
import DSBenchParse
@testable import DSBenchReport
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// The kernels table of a profiled step, from the metric rows of the real `ncu --import … --csv
/// --page raw` of a bf16 GEMM on an H200: one model, rendered by show, Markdown and HTML.
@Suite struct ProfileTableTests {
    static func table() throws -> ProfileTable {
        let bytes = Array(try Data(contentsOf: Fixtures.url("h200-x1-s5").appendingPathComponent("ncu_import_raw.txt")))
        guard case .ncu(let report) = Parsers.parse(.ncuCSV, bytes) else { throw CocoaError(.fileReadCorruptFile) }
        let stored = ProfileMetrics.ncu(report).map { StoredMetric(stepID: 1, node: "local", metric: $0) }
        return try #require(ProfileTable.build(step: "gemm-ncu#0@local", metrics: stored))
    }

    @Test func kernelsAreOrderedByShareWithTheirSpeedOfLight() throws {
        let table = try Self.table()
        #expect(table.tool == "ncu" && table.node == "local")
        #expect(!table.kernels.isEmpty)
        let shares = table.kernels.compactMap(\.sharePercent)
        #expect(shares == shares.sorted(by: >), "longest share first")
        #expect(abs(shares.reduce(0, +) - 100) < 0.01, "shares of the profiled kernel time add up")
        let top = try #require(table.kernels.first)
        #expect(top.name.contains("nvjet") || top.name.contains("gemm"), "\(top.name)")
        for value in [top.smPercent, top.memoryPercent, top.dramPercent] {
            let percent = try #require(value)
            #expect(percent > 0 && percent <= 100)
        }
        #expect(table.totals.map(\.label).contains("profiled kernel time"))
    }

    @Test func showAndMarkdownRenderTheSameTable() throws {
        let table = try Self.table()
        let text = ProfileText.render(table)
        #expect(text.contains("profile (ncu): \(table.kernels.count) kernel"))
        #expect(text.contains("kernel") && text.contains("SM %") && text.contains("DRAM %"))
        let top = try #require(table.kernels.first)
        #expect(text.contains(String(top.name.prefix(40))))
        #expect(text.contains(MetricText.value(try #require(top.smPercent))))
        #expect(ProfileText.totals(table).hasPrefix("profiled kernel time = "))
    }

    @Test func stepsWithoutProfilerRowsHaveNoTable() {
        let plain = StoredMetric(stepID: 1, node: nil, metric: MetricValue(name: "step_ms", value: 3, unit: "ms", direction: .lower))
        #expect(ProfileTable.build(step: "x", metrics: [plain]) == nil)
        #expect(!ProfileTable.isProfileMetric("trace.overlap_pct") && ProfileTable.isProfileMetric("nsys.kernel_avg_us"))
    }
}
