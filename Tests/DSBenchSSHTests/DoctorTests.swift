import DSBenchCore
import DSBenchEngine
import DSBenchExec
@testable import DSBenchSSH
import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench doctor`'s checks over real SSH: stand-in nvidia-smi / all_reduce_perf replay the H200 captures.
@Suite(.serialized) struct DoctorTests {
    @Test func readyNodeUnreachableNodeAndMissingTools() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let standIns = try StandIns(in: keys.dir)
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2", "127.0.0.3"], parallel: 4)
        defer { cluster.shutdown() }
        let doctor = NodeDoctor(ncclTestsPath: [standIns.bin.path], workdir: keys.dir.path)
        let bare = NodeDoctor(workdir: "/no/such/dir")
        let results = await doctor.check(nodes: ["127.0.0.2", "127.0.0.3"]) { cluster.executor(for: $0) }
        let ready = results[0]
        #expect(ready.node == "127.0.0.2")
        #expect(ready.reachable)
        #expect(ready.problems == [], "\(ready.problems)")
        #expect(ready.driverVersion == "580.159.04")   // Tests/Fixtures/h200-x8/a_nvidia-smi.txt
        #expect(ready.gpuCount == 8)
        #expect(ready.ncclTests == standIns.bin.appendingPathComponent("all_reduce_perf").path)
        #expect(ready.ncclTestsJSON == true)
        #expect((ready.freeDiskBytes ?? 0) > 0)
        // Same clock on both ends: the measured skew is within half the probe's round trip.
        #expect(abs(ready.clockSkewSeconds ?? 99) <= (ready.clockRoundTripSeconds ?? 0) / 2 + 0.05)

        let down = results[1]
        #expect(!down.reachable)
        #expect(down.problems == ["node 127.0.0.3 unreachable: Connection refused"])

        let missing = await bare.check(node: "127.0.0.2", executor: cluster.executor(for: "127.0.0.2"))
        #expect(missing.problems == ["nvidia-smi not found", "nccl-tests (all_reduce_perf) not found",
                                     "free disk in /no/such/dir unknown"])
        #expect(cluster.handshakeCount(for: "127.0.0.2") == 1)
    }
}
