import DSBenchCore
import DSBenchEngine
@testable import DSBenchSSH
import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench doctor` runs a tiny all_reduce for the nccl-tests version banner. Stand-ins replay real
/// H200 captures: the normal banner (2.19.6, nccl-headers=22809), the same run without its version
/// line (as nccl-tests < 2.17 prints), and the real "too many GPUs" failure (exit 5).
@Suite(.serialized) struct DoctorNcclProbeTests {
    struct Setup {
        let keys: TestKeys
        let sshd: TestSSHD
        let current: StandIns
        let old: StandIns
        let broken: StandIns
        let knownHosts: String
        static let nodes = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]

        init() throws {
            keys = try TestKeys()
            sshd = try TestSSHD.start(keys: keys, addresses: Self.nodes)
            knownHosts = try keys.writeKnownHosts(Self.nodes, port: sshd.port)
            current = try StandIns(in: keys.dir.appendingPathComponent("current"))
            old = try StandIns(in: keys.dir.appendingPathComponent("old"))
            broken = try StandIns(in: keys.dir.appendingPathComponent("broken"))
            let fixtures = Fixtures.url("h200-x8").path
            try old.write("all_reduce_perf", """
                #!/bin/sh
                printf '%s\\n' all_reduce_perf "$@" -- >> '\(old.argvLog.path)'
                [ "$1" = "-h" ] && { cat '\(fixtures)/00_all_reduce_perf_help.txt'; exit 0; }
                tail -n +2 '\(fixtures)/b_all_reduce_8-8G_r1.txt'
                """)
            try broken.write("all_reduce_perf", """
                #!/bin/sh
                printf '%s\\n' all_reduce_perf "$@" -- >> '\(broken.argvLog.path)'
                [ "$1" = "-h" ] && { cat '\(fixtures)/00_all_reduce_perf_help.txt'; exit 0; }
                cat '\(fixtures)/i_err_too_many_gpus.txt'
                exit 5
                """)
        }

        /// 127.0.0.2 uses the suite's nccl_tests_path, the two others theirs from node_overrides.
        func suite() throws -> String {
            let yaml = """
            suite: doctor-probe
            nodes: 127.0.0.[2-4]
            ssh: {port: \(sshd.port), identity: \(keys.clientKey), known_hosts: \(knownHosts)}
            defaults:
              nccl_tests_path: \(current.bin.path)
            node_overrides:
              127.0.0.3: {nccl_tests_path: \(old.bin.path)}
              127.0.0.4: {nccl_tests_path: \(broken.bin.path)}
            steps:
              - {name: s, command: [true]}
            """
            let path = keys.dir.appendingPathComponent("doctor.yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    static func probeCalls(_ standIns: StandIns) throws -> [[String]] {
        try standIns.invocations().filter { $0.program == "all_reduce_perf" && $0.args != ["-h"] }.map(\.args)
    }

    @Test func versionNoVersionLineAndFailureThroughTheCommandLine() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let suite = try setup.suite()
        let json = try DSBenchBinary.run(["doctor", suite, "--json", "--ssh-config", "/dev/null", "--retries", "0"])
        #expect(json.status == 2, "\(json.output)")
        let start = try #require(json.output.firstIndex(of: "["))
        let results = try JSONDecoder().decode([NodeReadiness].self, from: Data(json.output[start...].utf8))
        #expect(results.map(\.node) == Setup.nodes)

        let current = results[0]
        #expect(current.ncclProbe == .ok)
        #expect(current.ncclTestsVersion == "2.19.6")
        #expect(current.ncclHeadersCode == 22809)
        #expect(current.ncclLibraryCode == 22809)
        #expect(current.ncclVersion == "2.28.9")
        #expect(current.problems == [], "\(current.problems)")

        let old = results[1]
        #expect(old.ncclProbe == .noVersionLine)
        #expect(old.ncclTestsVersion == nil)
        #expect(old.problems == [], "\(old.problems)")

        let broken = results[2]
        #expect(broken.ncclProbe == .failed)
        #expect(broken.ncclProbeDetail == "Invalid number of GPUs: 16 requested but only 8 were found.")
        #expect(broken.problems == ["nccl-tests probe failed (exit 5): Invalid number of GPUs: 16 requested but only 8 were found."])
        #expect(broken.ncclTestsVersion == "2.19.6")   // the banner came before the failure

        // Each node ran the tiny test once, with exactly these arguments.
        let tiny = ["-b", "8", "-e", "8", "-g", "1", "-n", "1", "-w", "0", "-c", "0"]
        #expect(try Self.probeCalls(setup.current) == [tiny])
        #expect(try Self.probeCalls(setup.old) == [tiny])
        #expect(try Self.probeCalls(setup.broken) == [tiny])

        let table = try DSBenchBinary.run(["doctor", suite, "--ssh-config", "/dev/null", "--retries", "0"])
        #expect(table.status == 2, "\(table.output)")
        let lines = table.output.split(whereSeparator: \.isNewline).map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("NODE") })
        #expect(header.contains("NCCL-TESTS") && header.contains("VERSION"), "\(header)")
        #expect(lines.contains { $0.hasPrefix("127.0.0.2") && $0.contains("2.19.6 (NCCL 2.28.9)") }, "\(table.output)")
        #expect(lines.contains { $0.hasPrefix("127.0.0.3") && $0.contains("unknown (no version line: nccl-tests < 2.17?)") },
                "\(table.output)")
        #expect(lines.contains { $0.hasPrefix("127.0.0.4") && $0.contains("failed: Invalid number of GPUs: 16 requested") },
                "\(table.output)")

        let probedSoFar = try Self.probeCalls(setup.broken).count   // the JSON run and the table run
        #expect(probedSoFar == 2)
        // --no-nccl-probe: nothing runs on the GPUs, and the broken node is ready as far as doctor can tell.
        let skipped = try DSBenchBinary.run(["doctor", suite, "--json", "--no-nccl-probe", "--ssh-config", "/dev/null"])
        #expect(skipped.status == 0, "\(skipped.output)")
        let quiet = try JSONDecoder().decode([NodeReadiness].self,
                                             from: Data(skipped.output[try #require(skipped.output.firstIndex(of: "["))...].utf8))
        #expect(quiet.map(\.ncclProbe) == [.skipped, .skipped, .skipped])
        #expect(quiet.map(\.ncclProbeDetail) == ["--no-nccl-probe", "--no-nccl-probe", "--no-nccl-probe"])
        #expect(try Self.probeCalls(setup.broken).count == probedSoFar)
    }

    @Test func noNvidiaSmiMeansNoProbe() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        try FileManager.default.removeItem(at: setup.current.bin.appendingPathComponent("nvidia-smi"))
        let cluster = SSHCluster(settings: setup.keys.settings(port: setup.sshd.port, knownHosts: setup.knownHosts), parallel: 2)
        defer { cluster.shutdown() }
        let doctor = NodeDoctor(ncclTestsPath: [setup.current.bin.path])
        let result = await doctor.check(node: "127.0.0.2", executor: cluster.executor(for: "127.0.0.2"))
        #expect(result.ncclProbe == .skipped)
        #expect(result.ncclProbeDetail == "no nvidia-smi")
        #expect(try Self.probeCalls(setup.current) == [])
        #expect(result.ncclProbeSummary == "not probed (no nvidia-smi)")
    }
}

extension DoctorNcclProbeTests.Setup {
    func stop() { sshd.stop() }
}
