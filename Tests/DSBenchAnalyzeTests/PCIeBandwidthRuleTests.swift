import Testing
import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport

/// The PCIe bandwidth rules on the 1×H200 captures (gen5 x16, 55 GB/s host→device) and edits of them.
@Suite struct PCIeBandwidthRuleTests {
    static func input(h2d: Double? = nil, width: Int? = nil) throws -> HealthInput {
        var gpus = HealthGPU.from(GPUQueryParser.parse(Array(try Fixtures.data("h200-x1/query-gpu.txt"))), node: "vm")
        if let width { gpus[0].pcieWidthCurrent = width }
        var report = NvbandwidthParser.parse(Array(try Fixtures.data("h200-x1/nvb_all.txt")))
        if let h2d {
            for index in report.testcases.indices where report.testcases[index].name?.hasPrefix("host_to_device_memcpy_") == true {
                report.testcases[index].values = [[h2d]]
            }
        }
        var input = HealthInput(gpus: gpus)
        input.hostCopies = HealthHostCopy.from(report, node: "vm", stepKey: "nvbandwidth#0@vm")
        return input
    }

    static func findings(_ input: HealthInput, _ rule: String) -> [Finding] {
        HealthCheck.run(input).filter { $0.rule == rule }
    }

    @Test func realCaptureDoesNotFire() throws {
        let input = try Self.input()
        #expect(input.hostCopies.count == 4)   // H2D and D2H, CE and SM
        #expect(Self.findings(input, "pcie.bandwidth_low") == [])
    }

    @Test func slowCopyAtFullWidthFires() throws {
        let finding = try #require(Self.findings(try Self.input(h2d: 27), "pcie.bandwidth_low").first)
        #expect(finding.gpu == 0 && finding.observed == 27 && abs((finding.expected ?? 0) - 63.008) < 1e-9)
        #expect(finding.message.contains("full width, and still underperforms"))
        #expect(finding.evidence == "host_to_device_memcpy_ce 27 GB/s; pcie.link gen5 x16 of gen5 x16 at 00000000:00:06.0")
        #expect(RuleClasses.of(finding.rule) == .degraded)
    }

    @Test func slowCopyAtX8SaysTheLinkTrainedDown() throws {
        let finding = try #require(Self.findings(try Self.input(h2d: 27, width: 8), "pcie.bandwidth_low").first)
        #expect(finding.message.contains("the link reports x8 of x16: it trained at reduced width, which alone caps it at 31.5 GB/s"))
    }

    @Test func thresholdIsConfigurable() throws {
        var input = try Self.input()
        input.settings.thresholds["pcie.bandwidth_fraction"] = 0.9   // 55.37 and 55.31 of 63 are 87.9 and 87.8 %
        #expect(Self.findings(input, "pcie.bandwidth_low").map(\.observed) == [55.37, 55.31])
    }

    @Test func siblingOutlierOnOneNode() throws {
        var input = HealthInput()
        input.hostCopies = (0..<8).map { gpu in
            HealthHostCopy(node: "n1", gpu: gpu, direction: .hostToDevice, testcase: "host_to_device_memcpy_ce",
                           gigabytesPerSecond: gpu == 5 ? 30 : 55)
        }
        let findings = Self.findings(input, "pcie.bandwidth_outlier")
        #expect(findings.map(\.gpu) == [5])
        #expect(findings.first?.message == "GPU 5 on n1: host→device 30 GB/s, 54.5 % of the median 55 GB/s of its 7 sibling GPUs")
        input.hostCopies[5].gigabytesPerSecond = 50
        #expect(Self.findings(input, "pcie.bandwidth_outlier") == [])
    }
}
