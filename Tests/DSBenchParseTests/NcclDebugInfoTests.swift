import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Testing

/// Transport summaries from NCCL_DEBUG=INFO lines: the real 8×H200 captures and a socket log
/// written from the format spec.
@Suite struct NcclDebugInfoTests {
    private func summary(_ name: String) throws -> NcclTransportSummary {
        NcclDebugInfo.summarize(NcclTestsParser.parse(Array(try Fixtures.h200(name).utf8)).ncclDebugLines)
    }

    @Test func allReduceINFOReadsAsDirectP2POverTwentyFourChannels() throws {
        let s = try summary("d_all_reduce_1M-256M_INFO.txt")
        #expect(s.ncclVersion == "2.28.9")
        #expect(s.networks == ["Socket"])
        #expect(s.ibNoDevice)
        #expect(s.ibDevices.isEmpty)
        #expect(s.socketDevices == ["eth0:192.0.2.2"])
        // 24 channels × 8 ring neighbours, every one P2P/direct pointer (one process, -g 8).
        #expect(s.connections.count == 192)
        #expect(s.count(of: .p2pDirect) == 192)
        #expect(s.connectedChannels == 24)
        #expect(Set(s.connections.map(\.path)) == ["P2P/direct pointer"])
        #expect(s.collChannels == 24)
        #expect(s.nvlsChannels == 0)
        #expect(s.p2pChannels == 32)
        #expect(!s.nvlsInUse)
        #expect(s.ranks == 8)
        #expect(s.nodes == 1)
        #expect(s.localRanks == 8)
        #expect(s.hosts == ["vm"])
        #expect(s.environment == ["NCCL_NVLS_ENABLE": "0"])
        #expect(s.environmentLines["NCCL_NVLS_ENABLE"] == "NCCL_NVLS_ENABLE set by environment to 0.")
        #expect(s.warnings.isEmpty)
        let first = try #require(s.connections.first)
        #expect(first == NcclConnection(channel: 0, connIndex: 0, fromRank: 5, toRank: 6, fromDevice: "5", toDevice: "6",
                                        direction: nil, transport: .p2pDirect, path: "P2P/direct pointer", gdrdma: false,
                                        host: "vm", line: 200, text: "Channel 00/0 : 5[5] -> 6[6] via P2P/direct pointer"))
    }

    @Test func p2pDisabledReadsAsSharedMemory() throws {
        let s = try summary("e_p2p_disable_INFO.txt")
        #expect(s.connections.count == 32)
        #expect(s.count(of: .shm) == 32)
        #expect(s.count(of: .p2pDirect) == 0)
        #expect(Set(s.connections.map(\.path)) == ["SHM/direct/direct"])
        #expect(s.connectedChannels == 4)
        #expect(s.collChannels == 4)
        #expect(s.environment["NCCL_P2P_DISABLE"] == "1")
        #expect(s.environmentLines["NCCL_P2P_DISABLE"] == "NCCL_P2P_DISABLE set by environment to 1")
        let first = try #require(s.connections.first)
        #expect(first.line == 183)
        #expect(first.text == "Channel 00 : 3[3] -> 4[4] via SHM/direct/direct")
        #expect(first.connIndex == nil)
    }

    @Test func ncclTestsWithoutDebugLinesGiveAnEmptySummary() throws {
        let s = try summary("b_all_reduce_8-8G_r1.txt")
        #expect(s == NcclTransportSummary())
    }

    @Test func socketLogFromTheSpec() throws {
        let s = NcclDebugInfo.parseLog(Array(try Fixtures.text("spec/nccl_socket_2node_INFO.txt").utf8))
        #expect(s.ncclVersion == "2.21.5")
        #expect(s.networks == ["Socket"])
        #expect(s.ibDevices == ["mlx5_0:1/IB", "mlx5_1:1/IB"])
        #expect(!s.ibNoDevice)
        #expect(s.socketDevices == ["ib0:10.1.0.1", "eth0:10.0.0.1", "ib0:10.1.0.2", "eth0:10.0.0.2"])
        #expect(s.count(of: .netSocket) == 8)
        #expect(s.count(of: .p2pIPC) == 4)
        #expect(s.connections.filter { $0.direction == "send" }.count == 4)
        #expect(s.ranks == 4)
        #expect(s.nodes == 2)
        #expect(s.localRanks == 2)
        #expect(s.hosts == ["gpu-001", "gpu-002"])
        #expect(s.collChannels == 2)
        #expect(s.environment == ["NCCL_NET": "Socket"])
        #expect(s.warnings.map(\.text) == ["NET/Socket : peer 10.1.0.1<43210> did not send the expected amount of data"])
        #expect(s.warnings.first?.host == "gpu-002")
    }

    @Test func ranksArePlacedOnTheHostsTheirOwnLinesCameFrom() throws {
        // Init lines: `vm:4720:4760 [5] … rank 5 nranks 8 …` for every rank of the one process.
        #expect(try summary("d_all_reduce_1M-256M_INFO.txt").rankHosts == Dictionary(uniqueKeysWithValues: (0..<8).map { ($0, "vm") }))
        let spec = NcclDebugInfo.parseLog(Array(try Fixtures.text("spec/nccl_socket_2node_INFO.txt").utf8))
        #expect(spec.rankHosts == [0: "gpu-001", 1: "gpu-001", 2: "gpu-002", 3: "gpu-002"])
        // Issue 11's single-node socket lines: a [send] line names its sender's host, a [receive]
        // line its receiver's; rank 1 is on neither side's own line, so it stays unplaced.
        let issue = NcclDebugInfo.parseLog(Array(try Fixtures.text("issue-11/socket_inside_node_INFO_lines.txt").utf8))
        #expect(issue.rankHosts == [0: "vm", 2: "vm"])
        #expect(issue.count(of: .netSocket) == 2 && issue.hosts == ["vm"] && issue.nodes == nil)
    }

    @Test func aRankNumberSeenOnTwoHostsIsNotPlaced() {
        // Two communicators in one log (a training job's DP and TP groups) both have a rank 0.
        let lines = [("h1", "comm 0x1 rank 0 nranks 2 cudaDev 0 busId 18000 - Init COMPLETE"),
                     ("h2", "comm 0x2 rank 0 nranks 2 cudaDev 0 busId 18000 - Init COMPLETE"),
                     ("h1", "comm 0x1 rank 0 nRanks 2 nNodes 2 localRanks 1 localRank 0 MNNVL 0"),
                     ("h1", "comm 0x1 rank 1 nranks 2 cudaDev 1 busId 2a000 - Init COMPLETE")]
        let s = NcclDebugInfo.summarize(lines.enumerated().map { index, entry in
            NcclDebugLine(level: "INFO", host: entry.0, pid: 1, device: 0, message: entry.1, line: index + 1)
        })
        #expect(s.rankHosts == [1: "h1"])
    }

    @Test(arguments: [
        ("P2P/direct pointer", NcclTransportKind.p2pDirect, false),
        ("P2P/IPC/read", .p2pIPC, false), ("P2P/CUMEM/read/CE", .p2pIPC, false), ("P2P/MNNVL", .p2pIPC, false),
        ("P2P/indirect/2[2]", .p2pIPC, false), ("SHM/direct/direct", .shm, false), ("SHM/CE/direct", .shm, false),
        ("direct shared memory", .shm, false), ("NET/IB/0/GDRDMA", .netIB, true), ("NET/IB/1(3)/GDRDMA/Shared", .netIB, true),
        ("NET/IB/0", .netIB, false), ("NET/Socket/0", .netSocket, false), ("NET/AWS Libfabric/0/GDRDMA", .netOther, true),
        ("COLLNET/IB/0", .collnet, false), ("common device", .other, false),
    ])
    func viaPathsAreClassified(_ path: String, _ kind: NcclTransportKind, _ gdr: Bool) {
        #expect(NcclConnectionLine.classify(path) == (kind, gdr))
    }

    @Test func oldAndOddConnectionLines() {
        let ring = NcclConnectionLine.parse("Ring 00 : 0[0] -> 1[1] via P2P/IPC", host: "h", line: 3)
        #expect(ring?.channel == 0 && ring?.transport == .p2pIPC && ring?.connIndex == nil)
        let busID = NcclConnectionLine.parse("Channel 01 : 0[18000] -> 1[2a000] via SHM/direct/direct", host: nil, line: 1)
        #expect(busID?.fromDevice == "18000" && busID?.toDevice == "2a000")
        let proxy = NcclConnectionLine.parse("Channel 02/1 : 8[0] -> 0[0] [receive] via NET/IB/0(1)/GDRDMA", host: nil, line: 1)
        #expect(proxy?.direction == "receive" && proxy?.transport == .netIB && proxy?.gdrdma == true && proxy?.connIndex == 1)
        // Ring-order lines (no arrow) and garbage are not connections.
        #expect(NcclConnectionLine.parse("Channel 00/24 : 0 1 2 3 4 5 6 7", host: nil, line: 1) == nil)
        #expect(NcclConnectionLine.parse("Channel x : a -> b via", host: nil, line: 1) == nil)
        #expect(NcclConnectionLine.parse("Channel 00 : 1[1] via SHM -> ", host: nil, line: 1) == nil)
    }

    @Test func noInputCrashesTheSummary() {
        // Fragments of every line kind, cut at every position.
        let lines = ["NCCL version ", "Using network ", "NET/IB : Using [", "NET/IB : Using [0]=", "NET/Socket : Using [0]",
                     "NCCL_X set by environment to ", "NVLS multicast support is ", " channels, ", "comm nRanks -1 nNodes",
                     "Channel 99999999999999999999/0 : 1[1] -> 2[2] via P2P/IPC", "Channel 0 :  -> [] via "]
        for text in lines {
            for cut in 0...text.count {
                let message = String(text.prefix(cut))
                _ = NcclDebugInfo.summarize([NcclDebugLine(level: "INFO", host: nil, pid: nil, device: nil, message: message, line: 1)])
            }
        }
        let s = NcclDebugInfo.summarize([NcclDebugLine(level: "INFO", host: "h", pid: 1, device: 0,
                                                       message: "comm 0x1 rank 0 nRanks -4 nNodes 2", line: 1)])
        #expect(s.ranks == nil && s.nodes == 2)
    }
}
