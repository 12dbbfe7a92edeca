import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport
import Testing

@Suite struct TransportRuleTests {
    typealias F = HealthFixtures

    @Test func directP2POverNVLinkHasNoFinding() throws {
        let step = try F.step("d_all_reduce_1M-256M_INFO.txt")
        let transport = try #require(step.transport)
        #expect(transport.count(of: .p2pDirect) == 192 && transport.connectedChannels == 24)
        // No rule at all fires on this healthy run: not shm, not sockets (one node), not busbw (94 %).
        #expect(HealthCheck.run(try F.input(nccl: [step])) == [])
    }

    @Test func p2pDisabledIsSharedMemoryWithItsEvidence() throws {
        let findings = F.findings(try F.input(nccl: [try F.step("e_p2p_disable_INFO.txt")]), rule: "nccl.transport.shm")
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.severity == .warning)
        #expect(finding.node == "vm")
        #expect(finding.step == "e_p2p_disable_INFO.txt#0@vm")
        #expect(finding.message == "P2P disabled, traffic through shared memory: 32 of 32 channel connections between "
            + "NVLink-connected GPUs use SHM/direct/direct, none uses P2P; NCCL_P2P_DISABLE=1 is set")
        #expect(finding.evidence == "line 183: Channel 00 : 3[3] -> 4[4] via SHM/direct/direct | "
            + "NCCL_P2P_DISABLE set by environment to 1")
        #expect(finding.hint?.contains("NCCL_P2P_DISABLE") == true)
    }

    @Test func sharedMemoryBetweenGPUsWithoutNVLinkIsNotAFinding() throws {
        // The same log on a board whose topology shows PCIe switches (PIX) between the GPUs.
        var topology = try F.topology()
        topology.rows = topology.rows.map { row in
            var row = row
            row.cells = row.cells.map { $0.hasPrefix("NV") ? "PIX" : $0 }
            return row
        }
        var input = try F.input(nccl: [try F.step("e_p2p_disable_INFO.txt")])
        input.topologies["vm"] = topology
        #expect(F.findings(input, rule: "nccl.transport.shm") == [])
        // Without any topology the finding stays, and says NVLink could not be confirmed.
        input.topologies = [:]
        #expect(F.findings(input, rule: "nccl.transport.shm").first?.message.contains("no topology captured") == true)
    }

    private func socketStep(_ text: String) -> HealthNcclStep {
        HealthNcclStep(key: "ar#0@gpu-001", name: "ar", node: "gpu-001",
                       report: NcclTestsParser.parse(Array(text.utf8)))
    }

    @Test func socketsWhereInfiniBandExistsIsAFinding() throws {
        let text = try Fixtures.text("spec/nccl_socket_2node_INFO.txt")
        let findings = F.findings(HealthInput(ncclSteps: [socketStep(text)]), rule: "nccl.transport.socket")
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.message == "NCCL sent inter-node traffic over TCP sockets (8 channel connections via NET/Socket) "
            + "although 2 InfiniBand device(s) exist")
        #expect(finding.evidence == "line 35: Channel 00/0 : 3[1] -> 0[0] [receive] via NET/Socket/0 | "
            + "IB devices: mlx5_0:1/IB mlx5_1:1/IB")
        #expect(finding.observed == 8)
    }

    @Test func infiniBandTransportOrASingleSocketNodeIsNotASocketFinding() throws {
        // The same log with NCCL on IB, as it should be.
        let ib = try Fixtures.text("spec/nccl_socket_2node_INFO.txt")
            .replacingOccurrences(of: "via NET/Socket/0", with: "via NET/IB/0/GDRDMA")
            .replacingOccurrences(of: "Using network Socket", with: "Using network IB")
        let step = socketStep(ib)
        #expect(step.transport?.count(of: .netIB) == 8 && step.transport?.connections.allSatisfy { !$0.transport.isNet || $0.gdrdma } == true)
        #expect(F.findings(HealthInput(ncclSteps: [step]), rule: "nccl.transport.socket") == [])
        // One node, "Using network Socket", no IB device: sockets carry nothing.
        #expect(F.findings(try F.input(nccl: [try F.step("d_all_reduce_1M-256M_INFO.txt")]), rule: "nccl.transport.socket") == [])
    }

    @Test func socketsAreFoundFromTheTopologyNICsWhenNCCLListsNoIBDevice() throws {
        let text = try Fixtures.text("spec/nccl_socket_2node_INFO.txt")
            .split(separator: "\n").filter { !$0.contains("NET/IB : Using") }.joined(separator: "\n")
        var topology = TopologyMatrix(devices: ["GPU0", "GPU1", "NIC0"], nicLegend: ["NIC0": "mlx5_0"])
        topology.rows = []
        let withNIC = HealthInput(topologies: ["gpu-001": topology], ncclSteps: [socketStep(text)])
        #expect(F.findings(withNIC, rule: "nccl.transport.socket").first?.evidence.hasSuffix("IB devices: mlx5_0") == true)
        #expect(F.findings(HealthInput(ncclSteps: [socketStep(text)]), rule: "nccl.transport.socket") == [])
    }

    @Test func fewerChannelsThanTheBaseline() throws {
        var step = try F.step("e_p2p_disable_INFO.txt")
        step.name = "all_reduce"
        var input = try F.input(nccl: [step])
        input.baselineChannels = ["all_reduce": 24]
        let findings = F.findings(input, rule: "nccl.channels.fewer")
        #expect(findings.map(\.message) == ["e_p2p_disable_INFO.txt#0@vm used 4 coll channels where the baseline used 24"])
        #expect(findings.first?.observed == 4 && findings.first?.expected == 24)

        var good = try F.step("d_all_reduce_1M-256M_INFO.txt")
        good.name = "all_reduce"
        input.ncclSteps = [good]
        #expect(F.findings(input, rule: "nccl.channels.fewer") == [])
        // No baseline for the step: nothing to compare with.
        input.baselineChannels = [:]
        input.ncclSteps = [step]
        #expect(F.findings(input, rule: "nccl.channels.fewer") == [])
    }

    @Test func ncclWarningsAreFindings() throws {
        let text = try Fixtures.text("spec/nccl_socket_2node_INFO.txt")
        let findings = F.findings(HealthInput(ncclSteps: [socketStep(text)]), rule: "nccl.warn")
        #expect(findings.map(\.message) == [
            "NCCL warned on gpu-002: NET/Socket : peer 10.1.0.1<43210> did not send the expected amount of data"])
        #expect(findings.first?.evidence.hasPrefix("line 55: ") == true)
        #expect(F.findings(try F.input(nccl: [try F.step("d_all_reduce_1M-256M_INFO.txt")]), rule: "nccl.warn") == [])
    }
}
