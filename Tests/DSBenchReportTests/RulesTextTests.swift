import DSBenchCore
import DSBenchReport
import Foundation
import Testing

/// `dsbench rules`: the expected-busbw figures in force, each with its origin and source.
@Suite struct RulesTextTests {
    @Test func listsEveryCatalogueEntryWithItsSource() {
        let text = RulesText.render()
        #expect(text.contains("expected busbw in force (suite entries first, then the catalogue Catalog/expected-busbw.json)\n"))
        for entry in ExpectedBusbw.catalogue {
            #expect(text.contains("  [catalogue] \(entry.collective) \(entry.gpuCount) × \(entry.gpuModel) over \(entry.interconnect) "
                + "without NVLS: "), "\(entry)")
            #expect(text.contains(entry.source))
        }
        #expect(text.contains("  [catalogue] alltoall 8 × NVIDIA H200 over NV18 without NVLS: 317.91 GB/s — measured: 2026-11-22, host vm:"))
        #expect(!text.contains("catalogue problem"))
    }

    @Test func aSuiteEntryIsListedFirstAndTheCatalogueEntryItReplacesIsMarked() throws {
        let suite = ExpectedBusbw(gpuModel: "NVIDIA H200", gpuCount: 8, interconnect: "NV18", busbw: 350, source: "our acceptance run")
        let settings = HealthSettings(expectedBusbw: [suite])
        let lines = RulesText.render(settings).split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("expected busbw in force") })
        #expect(lines[header + 1] == "  [suite] all_reduce 8 × NVIDIA H200 over NV18 without NVLS: 350 GB/s — our acceptance run")
        #expect(lines.contains("  [catalogue, overridden by the suite] all_reduce 8 × NVIDIA H200 over NV18 without NVLS: 366.8 GB/s"))
        #expect(!lines.contains { $0.hasPrefix("  [catalogue] all_reduce 8 × NVIDIA H200") })

        let json = try #require(try JSONSerialization.jsonObject(with: Data(RulesText.json(settings).utf8)) as? [String: Any])
        let expected = try #require(json["expected_busbw"] as? [[String: Any]])
        #expect(expected.count == ExpectedBusbw.catalogue.count)
        #expect(expected.first?["origin"] as? String == "suite")
        #expect(expected.first?["busbw"] as? Double == 350)
        #expect(expected.dropFirst().allSatisfy { $0["origin"] as? String == "catalogue" })
        #expect((json["catalogue_problems"] as? [Any])?.isEmpty == true)
    }

    @Test func listsTheMicroBenchmarkFigures() throws {
        let text = RulesText.render()
        #expect(text.contains("expected micro-benchmark figures (metric.below_expected, the catalogue's expected_metrics)\n"
            + "  NVIDIA H200 gemm_tflops{dtype=bf16}: 666.2 TFLOP/s — measured: 2026-12-02, lent node nvidia-h200"), "\(text)")
        #expect(text.contains("metric.expected_fraction"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(RulesText.json().utf8)) as? [String: Any])
        let metrics = try #require(json["expected_metrics"] as? [[String: Any]])
        #expect(metrics.count == ExpectedMetric.catalogue.count)
        #expect(metrics.first?["labels"] as? [String: String] == ["dtype": "bf16"])
    }
}
