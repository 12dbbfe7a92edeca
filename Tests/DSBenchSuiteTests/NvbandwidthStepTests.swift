import Testing
import DSBenchCore
@testable import DSBenchSuite

/// The `nvbandwidth:` step: defaults, the peer testcases decided by the GPU count, errors.
@Suite struct NvbandwidthStepTests {
    static func plan(_ step: String) throws -> Plan {
        let yaml = "suite: t\ndefaults: {nvbandwidth_path: [/opt/nvbandwidth]}\nsteps:\n  - " + step + "\n"
        return try Planner.plan(SuiteLoader.load(text: yaml, file: "t.yaml").suite)
    }

    @Test func defaultsAddPeerTestcasesOnlyWithTwoOrMoreGPUs() throws {
        let command = try #require(try Self.plan("nvbandwidth: {buffer_size: 512M, samples: 3}").steps.first?.commands.first)
        #expect(command.argv == ["nvbandwidth", "-j", "-b", "512", "-i", "3", "-t"] + NvbandwidthTestcases.hostDevice
                + [NvbandwidthPlaceholder.peerTestcases])
        #expect(command.parser == .nvbandwidth && command.searchPaths == ["/opt/nvbandwidth"] && command.needsGPUCount)
        #expect(command.resolvingGPUs(count: 1).argv == ["nvbandwidth", "-j", "-b", "512", "-i", "3", "-t"]
                + NvbandwidthTestcases.hostDevice)
        #expect(command.resolvingGPUs(count: 8).argv.suffix(4) == NvbandwidthTestcases.deviceToDevice[...])
    }

    @Test func allAndNamedTestcases() throws {
        #expect(try Self.plan("nvbandwidth: {testcases: all}").steps.first?.commands.first?.argv == ["nvbandwidth", "-j"])
        let named = try Self.plan("{name: h2d, nvbandwidth: {testcases: [host_to_device_memcpy_ce]}}")
        #expect(named.steps.first?.name == "h2d")
        #expect(named.steps.first?.commands.first?.argv == ["nvbandwidth", "-j", "-t", "host_to_device_memcpy_ce"])
        #expect(named.steps.first?.kind == .nvbandwidth && named.steps.first?.commands.first?.needsGPUCount == false)
    }

    @Test func badValuesAreReported() {
        for step in ["nvbandwidth: {testcases: [host_to_device_memcpy]}", "nvbandwidth: {buffer_size: 1500K}",
                     "nvbandwidth: {samples: 0}", "nvbandwidth: {bogus: 1}"] {
            #expect(throws: (any Error).self, "\(step)") { try Self.plan(step) }
        }
    }
}
