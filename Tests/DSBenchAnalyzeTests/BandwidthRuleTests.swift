import DSBenchAnalyze
import DSBenchCore
import DSBenchTestSupport
import Testing

@Suite struct BandwidthRuleTests {
    typealias F = HealthFixtures

    @Test func p2pDisabledRunIsFarBelowTheExpectedFigure() throws {
        let findings = F.findings(try F.input(nccl: [try F.step("e_p2p_disable.txt")]), rule: "busbw.below_expected")
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        // Highest busbw from 256 MiB up: 10.75 GB/s, first at 512 MiB in-place (line 44).
        #expect(finding.observed == 10.75)
        #expect(finding.expected == 366.8)
        #expect(finding.message == "e_p2p_disable.txt#0@vm: peak busbw 10.75 GB/s at ≥ 256 MiB is 2.9 % of the "
            + "366.8 GB/s expected for 8 × NVIDIA H200 over NV18 without NVLS")
        // The figure and its source come from the catalogue (Catalog/expected-busbw.json).
        #expect(finding.evidence.hasPrefix("line 44: size 536870912 B busbw 10.75 GB/s; expected 366.8 GB/s "
            + "(measured: 2026-11-22, host vm: 8x NVIDIA H200 141GB SXM"))
    }

    @Test(arguments: ["b_all_reduce_8-8G_r1.txt", "b_all_reduce_8-8G_r2.txt", "b_all_reduce_8-8G_c1_n50.txt",
                      "d_all_reduce_1M-256M_INFO.txt", "f_all_reduce_under_dmon.txt", "g_mpirun_all_reduce_np8.txt",
                      "c_all_gather_8-1G.txt", "c_reduce_scatter_8-1G.txt", "c_alltoall_8-1G.txt", "c_broadcast_8-1G.txt",
                      "e_2gpu.txt"])
    func normalRunsMeetTheExpectedFigure(_ name: String) throws {
        let step = try F.step(name)
        let input = try F.input(nccl: [step])
        #expect(ExpectedBandwidth.lookup(step, input: input) != nil, "the catalogue has a figure for \(name)")
        #expect(F.findings(input, rule: "busbw.below_expected") == [])
    }

    /// Every collective the 8×H200 captures measured (healthy or not) has a catalogue figure for
    /// that machine, so none of them goes unjudged.
    @Test func theCatalogueCoversEveryCollectiveOfTheEightGPUCaptures() throws {
        var collectives: Set<String> = []
        for name in try Fixtures.h200Captures() {
            let report = try F.report(name)
            guard let collective = report.collective, report.devices.count == 8, !report.rows.isEmpty else { continue }
            collectives.insert(collective)
            let step = try F.step(name)
            let match = try #require(ExpectedBandwidth.lookup(step, input: try F.input(nccl: [step])), "\(name)")
            #expect(match.figure.collective == collective && match.hardware == "8 × NVIDIA H200 over NV18 without NVLS")
            #expect(ExpectedBusbw.catalogue.contains(match.figure))
        }
        #expect(collectives == ["all_reduce", "all_gather", "reduce_scatter", "alltoall", "broadcast"])
    }

    @Test func suiteFiguresAndFractionsOverrideTheTable() throws {
        let step = try F.step("d_all_reduce_1M-256M_INFO.txt")   // 346.39 GB/s at 256 MiB
        // A stricter fraction makes the 94 % run a finding.
        let strict = HealthSettings(thresholds: ["busbw.fraction": 0.95])
        #expect(F.findings(try F.input(nccl: [step], settings: strict), rule: "busbw.below_expected").count == 1)
        // A suite figure for the same hardware wins over the built-in one.
        let higher = HealthSettings(expectedBusbw: [ExpectedBusbw(gpuModel: "nvidia h200", gpuCount: 8, interconnect: "NV18",
                                                                  busbw: 450, source: "vendor sheet")])
        let finding = try #require(F.findings(try F.input(nccl: [step], settings: higher), rule: "busbw.below_expected").first)
        #expect(finding.expected == 450)
        #expect(finding.evidence.contains("(vendor sheet)"))
        // Sizes below the bandwidth-bound floor are never judged.
        let floor = HealthSettings(thresholds: ["busbw.min_bytes": 1_073_741_824], expectedBusbw: higher.expectedBusbw)
        #expect(F.findings(try F.input(nccl: [step], settings: floor), rule: "busbw.below_expected") == [])
    }

    @Test func aSuiteFigureBelowTheCatalogueOneAlsoWins() throws {
        // 10.75 GB/s is 2.9 % of the catalogue's 366.8, but the suite expects only 12 of this hardware.
        let low = HealthSettings(expectedBusbw: [ExpectedBusbw(gpuModel: "NVIDIA H200", gpuCount: 8, interconnect: "NV18",
                                                               busbw: 12, source: "P2P off on purpose")])
        #expect(F.findings(try F.input(nccl: [try F.step("e_p2p_disable.txt")], settings: low), rule: "busbw.below_expected") == [])
    }

    @Test func unknownHardwareOrCollectiveHasNoExpectation() throws {
        // Without a catalogue entry for the hardware there is nothing to be below.
        let empty = HealthSettings(catalogue: [])
        #expect(F.findings(try F.input(nccl: [try F.step("e_p2p_disable.txt")], settings: empty),
                           rule: "busbw.below_expected") == [])
        var input = try F.input(nccl: [try F.step("e_p2p_disable.txt")])
        input.topologies = [:]   // interconnect unknown: the NV18 figure does not apply
        #expect(F.findings(input, rule: "busbw.below_expected") == [])
    }
}
