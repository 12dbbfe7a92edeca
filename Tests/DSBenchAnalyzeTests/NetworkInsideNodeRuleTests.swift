import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport
import Testing

/// `nccl.transport.net_in_node`: NET channels between GPUs of one host, whatever IB exists (issue 11 item 4).
@Suite struct NetworkInsideNodeRuleTests {
    typealias F = HealthFixtures
    static let rule = "nccl.transport.net_in_node"

    private func issueLines() throws -> String { try Fixtures.text("issue-11/socket_inside_node_INFO_lines.txt") }

    private func logStep(_ text: String, devices: [NcclTestsDevice] = []) -> HealthNcclStep {
        HealthNcclStep(key: "all_reduce#0@vm", name: "all_reduce", node: "vm", collective: "all_reduce", devices: devices,
                       transport: NcclDebugInfo.parseLog(Array(text.utf8)))
    }

    @Test func theSingleNodeSocketLinesOfIssue11AreExactlyThisFinding() throws {
        let findings = HealthCheck.run(HealthInput(ncclSteps: [logStep(try issueLines())]))
        #expect(findings.map(\.rule) == [Self.rule])
        let finding = try #require(findings.first)
        #expect(finding.severity == .warning && finding.node == "vm" && finding.step == "all_reduce#0@vm")
        #expect(finding.message == "all_reduce#0@vm: NCCL connected GPUs of one host (vm) through NET/Socket: "
            + "2 channel connections on 2 channels instead of P2P or shared memory; NCCL_P2P_DISABLE=1 set")
        #expect(finding.evidence == "line 6: Channel 01/0 : 0[0] -> 1[1] [send] via NET/Socket/0 | "
            + "NCCL_P2P_DISABLE set by environment to 1")
        #expect(finding.observed == 2 && finding.expected == 0)
        #expect(finding.hint?.contains("NCCL_SHM_DISABLE") == true && finding.hint?.contains("/dev/shm") == true)
    }

    @Test func infiniBandDevicesDoNotChangeItAndAreNoSocketFinding() throws {
        // The same host with two HCAs: NET inside a node is still the finding; `sockets` is for inter-node traffic.
        let text = try issueLines().replacingOccurrences(
            of: "NET/IB : No device found.", with: "NET/IB : Using [0]mlx5_0:1/IB [1]mlx5_1:1/IB [RO]; OOB eth0:192.0.2.2<0>")
        let findings = HealthCheck.run(HealthInput(ncclSteps: [logStep(text)]))
        #expect(findings.map(\.rule) == [Self.rule])
        // Through the NIC itself (NET/IB) it is the same finding, naming that transport.
        let ib = text.replacingOccurrences(of: "via NET/Socket/0", with: "via NET/IB/0/GDRDMA")
        #expect(F.findings(HealthInput(ncclSteps: [logStep(ib)]), rule: Self.rule).first?.message
            .contains("through NET/IB: 2 channel connections") == true)
    }

    @Test func theDeviceLinesOfTheRealRunPlaceEveryRank() throws {
        // The run of the same command without INFO lists its eight ranks, all on `vm`.
        let devices = NcclTestsParser.parse(Array(try Fixtures.h200("e_p2p_shm_disable_socket_killed_by_timeout.txt").utf8)).devices
        #expect(devices.count == 8 && Set(devices.map(\.host)) == ["vm"])
        #expect(F.findings(HealthInput(ncclSteps: [logStep(try issueLines(), devices: devices)]), rule: Self.rule).count == 1)
        // Had rank 1 run on another host, both connections would cross hosts: not this rule's.
        var split = devices
        split[1].host = "vm2"
        #expect(F.findings(HealthInput(ncclSteps: [logStep(try issueLines(), devices: split)]), rule: Self.rule) == [])
    }

    @Test func healthyP2PSharedMemoryAndInterNodeSocketsAreNotThisFinding() throws {
        #expect(F.findings(try F.input(nccl: [try F.step("d_all_reduce_1M-256M_INFO.txt")]), rule: Self.rule) == [])
        // P2P off, SHM on: the shm finding, not this one.
        let shm = HealthCheck.run(try F.input(nccl: [try F.step("e_p2p_disable_INFO.txt")])).map(\.rule)
        #expect(shm.contains("nccl.transport.shm") && !shm.contains(Self.rule))
        // Two nodes: sockets between them stay `nccl.transport.socket`; inside each node it is P2P.
        let spec = HealthNcclStep(key: "ar#0@gpu-001", name: "ar", node: "gpu-001",
                                  report: NcclTestsParser.parse(Array(try Fixtures.text("spec/nccl_socket_2node_INFO.txt").utf8)))
        let twoNodes = HealthCheck.run(HealthInput(ncclSteps: [spec])).map(\.rule)
        #expect(twoNodes.contains("nccl.transport.socket") && !twoNodes.contains(Self.rule))
    }

    @Test func aPerNodeLogOfAMultiNodeJobIsNotTakenForOneHost() throws {
        // Every line from `vm`, but NCCL counted two nodes: rank 1's host is unknown, nothing is claimed.
        let text = try issueLines() + "vm:7114:7155 [2] NCCL INFO comm 0x1 rank 2 nRanks 16 nNodes 2 localRanks 8 localRank 2 MNNVL 0\n"
        #expect(F.findings(HealthInput(ncclSteps: [logStep(text)]), rule: Self.rule) == [])
    }
}
