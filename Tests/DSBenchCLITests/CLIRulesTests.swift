import Foundation
import Testing

/// `dsbench rules` reads the expected-performance catalogue from the binary itself: run from a
/// scratch folder with no repository around it, it still lists every entry.
@Suite struct CLIRulesTests {
    @Test func theBinaryCarriesTheCatalogue() async throws {
        let cli = try CLI.make("rules")
        defer { cli.removeScratch() }
        let result = try await cli.run(["rules", "--json"], withDB: false)
        #expect(result.status == 0, "\(result)")
        let json = try #require(try parseJSON(result.stdout) as? [String: Any])
        let expected = try #require(json["expected_busbw"] as? [[String: Any]])
        let collectives = expected.filter { $0["gpus"] as? Int == 8 }.compactMap { $0["collective"] as? String }
        #expect(Set(collectives) == ["all_reduce", "all_gather", "reduce_scatter", "alltoall", "broadcast"])
        #expect(expected.allSatisfy { ($0["source"] as? String)?.hasPrefix("measured: 2026-11-22, ") == true })
        #expect((json["catalogue_problems"] as? [Any])?.isEmpty == true)
    }

    @Test func aSuiteFigureIsShownFirstAsTheSuitesOwn() async throws {
        let cli = try CLI.make("rules-suite")
        defer { cli.removeScratch() }
        let suite = cli.scratch.appendingPathComponent("lab.yaml")
        try """
            suite: lab
            health:
              expected_busbw:
                - {gpu: NVIDIA H200, gpus: 8, interconnect: NV18, nvls: false, busbw: 350, source: our acceptance run}
            steps: [{inventory: {}}]
            """.write(to: suite, atomically: true, encoding: .utf8)
        let result = try await cli.run(["rules", "--suite", suite.path], withDB: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("  [suite] all_reduce 8 × NVIDIA H200 over NV18 without NVLS: 350 GB/s — our acceptance run\n"))
        #expect(result.stdout.contains("  [catalogue, overridden by the suite] all_reduce 8 × NVIDIA H200 over NV18 without NVLS: 366.8 GB/s\n"))
    }
}
