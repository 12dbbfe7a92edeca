import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// Single lines: error lines, NCCL_DEBUG lines, banner extras, launcher tags, version codes.
/// Each line follows a format quoted in docs/formats.md (§1.4, §1.9, §1.11, §2.1, §2.2).
@Suite("NcclTests single lines")
struct NcclTestsLineTests {
    @Test("error lines: CUDA, NCCL, propagated, timeout, usage, # error:")
    func errorLines() {
        let text = """
        node01: Test CUDA failure common.cu:891 'out of memory'
        node01: Test NCCL failure common.cu:1025 'unhandled system error (run with NCCL_DEBUG=INFO for details) / '
         .. node01 pid 4242: Test failure common.cu:377
        node02: Test timeout (30s) common.cu:612
        invalid size specified for 'minbytes'
        # error: NET/IB : Got completion from peer
        invalid op bogus, defaulting to sum .. 
        """
        let r = NcclTestsParser.parse(text)
        #expect(r.errors == [
            NcclTestsError(kind: "cuda", host: "node01", location: "common.cu:891", message: "out of memory", line: 1),
            NcclTestsError(kind: "nccl", host: "node01", location: "common.cu:1025",
                           message: "unhandled system error (run with NCCL_DEBUG=INFO for details) / ", line: 2),
            NcclTestsError(kind: "propagated", host: "node01", location: "common.cu:377",
                           message: "node01 pid 4242: Test failure common.cu:377", line: 3),
            NcclTestsError(kind: "timeout", host: "node02", location: "common.cu:612", message: "Test timeout (30s)", line: 4),
            NcclTestsError(kind: "usage", host: nil, location: nil, message: "invalid size specified for 'minbytes'", line: 5),
            NcclTestsError(kind: "footer", host: nil, location: nil, message: "NET/IB : Got completion from peer", line: 6),
        ])
        #expect(r.diagnostics.map(\.message) == ["nccl-tests: invalid op bogus, defaulting to sum .."])
        #expect(r.rows.isEmpty)
    }

    @Test("NCCL lines: INFO, WARN with file:line (func), TRACE, CALL, timestamp, bare version")
    func debugLines() {
        let text = """
        node01:4242:4250 [3] NCCL INFO Using network IB

        node01:4242:4251 [0] transport/net_ib.cc:1696 NCCL WARN NET/IB : Got completion from peer 10.0.0.2<52100> with error 12
        [2026-01-31 12:34:56] node01:4242:4251 [1] misc/socket.cc:50 (ncclSocketConnect) NCCL WARN Connect failed
        node01:4242:4252 [2] 12.345678 enqueue.cc:77 NCCL TRACE launch
        node01:4242:4253 NCCL CALL ncclAllReduce(0x1,0x2)
        NCCL version 2.21.5+cuda12.4
        [1,3]<stdout>:node02:77:78 [0] NCCL INFO Bootstrap: Using eth0:10.0.0.3<0>
        """
        let r = NcclTestsParser.parse(text)
        #expect(r.ncclDebugLines == [
            NcclDebugLine(level: "INFO", host: "node01", pid: 4242, device: 3, message: "Using network IB", line: 1),
            NcclDebugLine(level: "WARN", host: "node01", pid: 4242, device: 0,
                          message: "NET/IB : Got completion from peer 10.0.0.2<52100> with error 12", line: 3),
            NcclDebugLine(level: "WARN", host: "node01", pid: 4242, device: 1, message: "Connect failed", line: 4),
            NcclDebugLine(level: "TRACE", host: "node01", pid: 4242, device: 2, message: "launch", line: 5),
            NcclDebugLine(level: "CALL", host: "node01", pid: 4242, device: nil, message: "ncclAllReduce(0x1,0x2)", line: 6),
            NcclDebugLine(level: "VERSION", host: nil, pid: nil, device: nil, message: "NCCL version 2.21.5+cuda12.4", line: 7),
            NcclDebugLine(level: "INFO", host: "node02", pid: 77, device: 0, message: "Bootstrap: Using eth0:10.0.0.3<0>", line: 8),
        ])
        #expect(r.ncclVersion == "2.21.5")
        #expect(r.errors.isEmpty)
        #expect(r.diagnostics.map(\.message) == ["no nccl-tests output found"])
    }

    @Test("banner extras: Reducing maxBytes, JSON path, blocking, memory footer, duplicated banners")
    func bannerExtras() throws {
        let lines = try Fixtures.h200("b_all_reduce_8-8G_r1.txt").split(separator: "\n", omittingEmptySubsequences: false)
        let head = "# Writing JSON output to /tmp/out.json.1\n" + lines.prefix(3).joined(separator: "\n")
            + "\n# Blocking Enabled: wait and barrier after each inner iteration (-m) \n"
        let middle = lines[3..<14].joined(separator: "\n") + "\n#\n# Reducing maxBytes to 48247057066 due to memory limitation\n"
        let tail = lines[14...].joined(separator: "\n")
            .replacingOccurrences(of: "# Collective test concluded: all_reduce_perf\n",
                                  with: "# Collective test concluded: all_reduce_perf\n# GPU memory usage     : Initialization 1.23 GB | User-Allocated 3.00 GB | Collective 512 MB | Total  4.73 GB\n")
        let r = NcclTestsParser.parse(head + middle + tail)
        #expect(r.jsonOutputPath == "/tmp/out.json.1")
        #expect(r.reducedMaxBytes == 48_247_057_066)
        #expect(r.rows.count == 31 && r.complete)
        #expect(r.diagnostics.isEmpty)

        // A non-MPI build under mpirun: every process prints its own banner as rank 0.
        let once = lines.prefix(14).joined(separator: "\n") + "\n"
        let twice = NcclTestsParser.parse(once + once)
        #expect(twice.bannerCount == 2)
        #expect(twice.devices.count == 16)
        #expect(twice.devices.filter { $0.rank == 0 }.count == 2)
    }

    @Test("nccl-tests 1.0: parameters without `#`, device line without Pid and Group")
    func version10() {
        let r = NcclTestsParser.parse("""
        nThread 1 nGpus 2 minBytes 1048576 maxBytes 1048576 step: 1048576(bytes) warmup iters: 5 iters: 20 validation: 1 
        #   Rank  0 on     node01 device  0 [0x06] Tesla P100-SXM2-16GB
        """)
        #expect(r.bannerCount == 1)
        #expect(r.parameters?.stepKind == "bytes" && r.parameters?.step == 1_048_576 && r.parameters?.warmupIters == 5)
        #expect(r.devices == [NcclTestsDevice(rank: 0, group: nil, pid: nil, host: "node01", cudaDevice: 0,
                                              busId: "0x06", name: "Tesla P100-SXM2-16GB")])
    }

    @Test("alltoallv summary glued after a preamble; hypercube empty redop")
    func alltoallvSummary() {
        let text = """
        #       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong 
             1048576        131072     float    none      -1# NCCL_TESTS_ALLTOALLV_PRINT_SUMMARY: mode=uniform time_usec=12.5
        #   rank=0 send_bytes=131072 recv_bytes=131072 alg_bw=10.0 bus_bw=8.75
            12.50   83.89   73.40       0# NCCL_TESTS_ALLTOALLV_PRINT_SUMMARY: mode=uniform time_usec=12.4
        #   rank=0 send_bytes=131072 recv_bytes=131072 alg_bw=10.1 bus_bw=8.80
            12.40   84.56   73.99    N/A
             1048576        131072     float              -1    12.50   83.89   83.89       0    12.40   84.56   84.56       0
        # Out of bounds values : 0 OK
        # Avg bus bandwidth    : 78.8 

        """
        let r = NcclTestsParser.parse(text)
        #expect(r.rows.count == 2)
        #expect(r.rows[0] == NcclTestsRow(size: 1_048_576, count: 131_072, type: "float", redop: "none", root: -1,
                                          outOfPlace: NcclTestsMeasurement(timeUs: 12.5, algbw: 83.89, busbw: 73.40, wrong: 0),
                                          inPlace: NcclTestsMeasurement(timeUs: 12.4, algbw: 84.56, busbw: 73.99, wrong: nil),
                                          line: 2))
        #expect(r.rows[1].redop == "" && r.rows[1].line == 7)
        #expect(r.diagnostics.isEmpty)
    }

    @Test("NCCL version codes decode per §1.4", arguments: [
        (22809, "2.28.9"), (21903, "2.19.3"), (20900, "2.9.0"), (2708, "2.7.8"), (2406, "2.4.6"), (23007, "2.30.7"),
    ])
    func versionCodes(_ code: Int, _ version: String) {
        #expect(NcclTextNumbers.ncclVersion(code: code) == version)
    }

    @Test("launcher prefix lengths")
    func launcherPrefixes() {
        let cases: [(String, Int)] = [
            ("[1,0]<stdout>:# nThread", 14), ("[1,12]<stderr>: x", 16), ("[3]:x", 4), ("[0] vm:1:2 [0] NCCL", 4),
            ("0: #", 3), ("  17: text", 6), ("[12]abc", 0), ("[2026-01-31 12:34:56] vm", 0),
            ("           8             2", 0), ("12:34:56 x", 0), ("[", 0), ("", 0), ("0:", 0),
        ]
        for (line, length) in cases {
            #expect(LinePrefix.length(of: Array(line.utf8)) == length, "\(line)")
        }
        #expect(LinePrefix.stripped("[1,0]<stdout>:#  Rank  0") == "#  Rank  0")
        #expect(LinePrefix.stripped("plain") == "plain")
    }

    @Test("number cells")
    func numbers() {
        let cases: [(String, NcclTextNumbers.Cell)] = [
            ("366.77", .number(366.77)), ("0.00", .number(0)), ("40985.3", .number(40985.3)), ("152289", .number(152289)),
            ("1.2e+08", .number(1.2e8)), ("0e+00", .number(0)), ("2e-03", .number(0.002)), ("-1", .number(-1)),
            ("N/A", .notAvailable), ("inf", .nonFinite), ("-inf", .nonFinite), ("-nan", .nonFinite), ("nan", .nonFinite),
            ("1e999", .nonFinite), ("12345678901234567890123.5", .number(12345678901234567890123.5)),
            ("4x", .invalid), ("", .invalid), ("-", .invalid), ("1e", .invalid), ("float", .invalid), ("1.2.3", .invalid),
        ]
        var copy = cases.map(\.0).joined(separator: " ")
        copy.withUTF8 { buffer in
            let tokens = NcclTextSpan(buffer, 0, buffer.count).tokens()
            let nonEmpty = cases.filter { !$0.0.isEmpty }
            #expect(tokens.count == nonEmpty.count)
            for (token, expected) in zip(tokens, nonEmpty.map(\.1)) {
                #expect(NcclTextNumbers.cell(token) == expected, "\(token.string)")
            }
            #expect(NcclTextNumbers.cell(NcclTextSpan(buffer, 0, 0)) == .invalid)
            #expect(NcclTextNumbers.int64(NcclTextSpan(buffer, 0, 0)) == nil)
        }
        var big = "99999999999999999999 9223372036854775807 -9223372036854775807"
        big.withUTF8 { buffer in
            let t = NcclTextSpan(buffer, 0, buffer.count).tokens()
            #expect(NcclTextNumbers.int64(t[0]) == nil)
            #expect(NcclTextNumbers.int64(t[1]) == Int64.max)
            #expect(NcclTextNumbers.int64(t[2]) == -Int64.max)
        }
    }
}
