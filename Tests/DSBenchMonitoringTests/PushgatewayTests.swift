import DSBenchPush
import DSBenchTestSupport
import Foundation
import Testing

/// `--push` against a real Pushgateway on loopback, through the dsbench binary.
@Suite struct PushgatewayTests {
    func startGateway(_ scratch: URL) async throws -> Daemon {
        try await Daemon.start(Tools.pushgateway, scratch: scratch, readyPath: "/-/ready") { port in
            ["--web.listen-address=127.0.0.1:\(port)", "--persistence.file=\(scratch.appendingPathComponent("pushgateway-\(port).data").path)"]
        }
    }

    @Test func exportPushesTheRunGroupedByInstanceAndSuiteAndReplacesTheGroup() async throws {
        let dsbench = try DsbenchCLI("push")
        defer { dsbench.remove() }
        let first = try dsbench.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path, "--node", "h200-a"])
        #expect(first.status == 0, "\(first)")
        let second = try dsbench.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/c_all_gather_8-1G.txt").path, "--node", "h200-b"])
        #expect(second.status == 0, "\(second)")
        let gateway = try await startGateway(dsbench.scratch)
        defer { gateway.stop() }

        let file = dsbench.path("run1.prom")
        let pushed = try dsbench.run(["export", "prometheus", "1", "-o", file, "--push", gateway.base])
        #expect(pushed.status == 0, "\(pushed)")
        #expect(pushed.stderr.contains("pushed ") && pushed.stderr.contains("\(gateway.base)/metrics/job/dsbench/instance/"), "\(pushed)")
        let host = try #require(LocalHostName.value)
        let afterFirst = try Exposition(try #require(await Tools.get(gateway.base + "/metrics")).body)
        let group = ["job": "dsbench", "instance": host, "suite": "ingest"]
        #expect(afterFirst.value("dsbench_run_id", group) == 1)
        #expect(afterFirst.value("dsbench_nccl_band_busbw_bytes_per_second", group.merging(["collective": "all_reduce", "node": "h200-a", "band": "bandwidth"]) { a, _ in a }) != nil)
        #expect(afterFirst.value("push_failure_time_seconds", group) == 0)
        // The file written beside the push is the same text.
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(try Exposition(text).samples.count == afterFirst.samples.filter { $0.name.hasPrefix("dsbench_") }.count)

        // PUT replaces the whole group: run 2 leaves none of run 1's series behind.
        let again = try dsbench.run(["export", "prometheus", "2", "--push", gateway.base])
        #expect(again.status == 0 && again.stdout.contains("dsbench_run_id{suite=\"ingest\"} 2\n"), "\(again)")
        let afterSecond = try Exposition(try #require(await Tools.get(gateway.base + "/metrics")).body)
        #expect(afterSecond.value("dsbench_run_id", group) == 2)
        #expect(afterSecond.value("dsbench_nccl_band_busbw_bytes_per_second", ["node": "h200-a"]) == nil)
        #expect(afterSecond.value("dsbench_nccl_band_busbw_bytes_per_second", ["node": "h200-b", "collective": "all_gather"]) != nil)
    }

    @Test func aFailedPushIsExit69WithTheReasonAndTheFileIsStillWritten() async throws {
        let dsbench = try DsbenchCLI("push-fail")
        defer { dsbench.remove() }
        let ingest = try dsbench.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path])
        #expect(ingest.status == 0, "\(ingest)")

        // Nothing listens: the kernel's free port, closed again.
        let port = try freePort()
        let file = dsbench.path("unreachable.prom")
        let unreachable = try dsbench.run(["export", "prometheus", "latest", "-o", file, "--push", "http://127.0.0.1:\(port)"])
        #expect(unreachable.status == 69, "\(unreachable)")
        #expect(unreachable.stderr.contains("push to http://127.0.0.1:\(port)/metrics/job/dsbench/instance/")
                && unreachable.stderr.contains("Failed to connect") && unreachable.stderr.contains("\(file) was written"), "\(unreachable)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("dsbench_verdict_status{"))

        // A server that answers, but not as a Pushgateway at that path: the HTTP status is the reason.
        let gateway = try await startGateway(dsbench.scratch)
        defer { gateway.stop() }
        let refused = try dsbench.run(["export", "prometheus", "latest", "-o", dsbench.path("refused.prom"), "--push", gateway.base + "/nothing-here"])
        #expect(refused.status == 69 && refused.stderr.contains("refused: HTTP 404"), "\(refused)")
        #expect(FileManager.default.fileExists(atPath: dsbench.path("refused.prom")))

        // A socket that listens and never answers: the timeout ends the push.
        let silent = try listeningSocket()
        defer { close(silent.fd) }
        let started = Date()
        let slow = try dsbench.run(["export", "prometheus", "latest", "--push", "http://127.0.0.1:\(silent.port)", "--push-timeout", "1"])
        #expect(slow.status == 69 && slow.stderr.contains("failed: no answer within 1 s (--push-timeout)"), "\(slow.stderr)")
        #expect(Date().timeIntervalSince(started) < 30, "the timeout bounds the wait")

        let usage = try dsbench.run(["export", "prometheus", "latest", "--push", "ftp://example.org"])
        #expect(usage.status == 64 && usage.stderr.contains("--push expects the Pushgateway's http:// or https:// URL"), "\(usage)")
    }

    /// `check --push`: the verdict's exit code comes first; a failed push turns only a pass into 69.
    @Test func checkPushesAfterTheVerdictAndAFailedPushNeverHidesAFailure() async throws {
        let dsbench = try DsbenchCLI("check-push")
        defer { dsbench.remove() }
        let suite = try dsbench.nightlySuite()
        let nowhere = "http://127.0.0.1:\(try freePort())"
        let file = dsbench.path("nightly.prom")
        let pass = try dsbench.run(["check", suite, "--prometheus", file, "--push", nowhere])
        #expect(pass.status == 69 && pass.stderr.contains("push to \(nowhere)/metrics/job/dsbench/instance/"), "\(pass)")
        #expect(pass.stdout.contains("PASS"), "the verdict is printed all the same: \(pass)")
        #expect(try Exposition(try String(contentsOfFile: file, encoding: .utf8)).value("dsbench_verdict_status", ["status": "pass"]) == 1)

        try dsbench.write("tonight.txt", try Fixtures.h200("e_p2p_disable.txt"))
        let fail = try dsbench.run(["check", suite, "--prometheus", file, "--push", nowhere])
        #expect(fail.status == 1 && fail.stderr.contains("push to \(nowhere)"), "\(fail)")
        #expect(try Exposition(try String(contentsOfFile: file, encoding: .utf8)).value("dsbench_verdict_status", ["status": "fail"]) == 1)

        let gateway = try await startGateway(dsbench.scratch)
        defer { gateway.stop() }
        let pushed = try dsbench.run(["check", suite, "--push", gateway.base])
        #expect(pushed.status == 1, "\(pushed)")
        let served = try Exposition(try #require(await Tools.get(gateway.base + "/metrics")).body)
        #expect(served.value("dsbench_verdict_status", ["job": "dsbench", "suite": "nightly", "status": "fail"]) == 1)
        #expect(served.value("dsbench_run_id", ["suite": "nightly"]) == 3)
        #expect(served.value("dsbench_workload_step_seconds", ["suite": "nightly", "stat": "median"]) != nil)
    }

    @Test func groupingValuesThatAreNotPlainGoInBase64() throws {
        let gateway = Pushgateway(base: URL(string: "http://pushgw:9091/prefix/")!,
                                  grouping: [("instance", "head-01.example.org"), ("suite", "night/ly test"), ("empty", "")])
        #expect(gateway.url.absoluteString
                == "http://pushgw:9091/prefix/metrics/job/dsbench/instance/head-01.example.org/suite@base64/bmlnaHQvbHkgdGVzdA==/empty@base64/=")
    }
}

enum LocalHostName {
    /// What dsbench records as the run's host (`gethostname`).
    static var value: String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A loopback socket that listens but never accepts: a connection is made and never answered.
func listeningSocket() throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard ok, listen(fd, 16) == 0 else { close(fd); throw Tools.Failure(description: "listen: \(String(cString: strerror(errno)))") }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A loopback port nothing listens on: the kernel picks a free one, which is closed again.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw Tools.Failure(description: "no free port: \(String(cString: strerror(errno)))") }
    return Int(UInt16(bigEndian: address.sin_port))
}
