import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// The parser on the real 8×H200 captures (Tests/Fixtures/h200-x8, nccl-tests 2.19.6,
/// NCCL 2.28.9). Expected values are read off the capture text.
@Suite("NcclTests captures")
struct NcclTestsCaptureTests {
    static func parse(_ name: String) throws -> NcclTestsReport {
        NcclTestsParser.parse(try Fixtures.h200(name))
    }

    /// The mean of every printed busbw half, which nccl-tests prints as `Avg bus bandwidth`
    /// (§1.9): a check that every value of every row was read right.
    static func meanBusBandwidth(_ report: NcclTestsReport) -> Double {
        let values = report.rows.flatMap { [$0.outOfPlace.busbw, $0.inPlace?.busbw].compactMap { $0 } }
        return values.reduce(0, +) / Double(max(values.count, 1))
    }

    @Test("b_all_reduce_8-8G_r1: banner, 31 rows, footer")
    func allReduceR1() throws {
        let r = try Self.parse("b_all_reduce_8-8G_r1.txt")
        #expect(r.testsVersion == "2.19.6")
        #expect(r.ncclHeadersCode == 22809)
        #expect(r.ncclLibraryCode == 22809)
        #expect(r.ncclVersion == "2.28.9")
        #expect(r.program == "all_reduce_perf")
        #expect(r.collective == "all_reduce")
        #expect(r.parameters == NcclTestsParameters(nThread: 1, nGpus: 8, minBytes: 8, maxBytes: 8_589_934_592,
                                                    step: 2, stepKind: "factor", warmupIters: 1, iters: 20,
                                                    aggIters: 1, validation: 1, graph: 0, unalign: 0))
        #expect(r.bannerCount == 1)
        #expect(r.rows.count == 31)
        #expect(r.rows.first?.size == 8)
        #expect(r.rows.first?.count == 2)
        #expect(r.rows.first?.line == 18)
        #expect(r.rows.first?.outOfPlace == NcclTestsMeasurement(timeUs: 48.60, algbw: 0.00, busbw: 0.00, wrong: 0))
        #expect(r.rows.first?.inPlace == NcclTestsMeasurement(timeUs: 51.25, algbw: 0.00, busbw: 0.00, wrong: 0))
        let last = try #require(r.rows.last)
        #expect(last.size == 8_589_934_592)
        #expect(last.count == 2_147_483_648)
        #expect(last.type == "float")
        #expect(last.redop == "sum")
        #expect(last.root == -1)
        #expect(last.outOfPlace.timeUs == 40985.3)
        #expect(last.outOfPlace.algbw == 209.59)
        #expect(last.outOfPlace.busbw == 366.77)
        #expect(last.inPlace?.busbw == 366.97)
        #expect(last.line == 48)
        #expect(r.avgBusBandwidth == 121.667)
        #expect(r.avgBusBandwidthOK == nil)
        #expect(r.outOfBounds == 0)
        #expect(r.outOfBoundsOK == true)
        #expect(r.complete)
        #expect(r.devices.count == 8)
        #expect(r.devices.first == NcclTestsDevice(rank: 0, group: 0, pid: 3721, host: "vm", cudaDevice: 0,
                                                   busId: "0000:00:06", name: "NVIDIA H200"))
        #expect(r.devices.last?.busId == "0000:00:0d")
        #expect(r.devices.map(\.rank) == Array(0..<8))
        #expect(r.errors.isEmpty)
        #expect(r.ncclDebugLines.isEmpty)
        #expect(r.diagnostics.isEmpty)
        #expect(abs(Self.meanBusBandwidth(r) - 121.667) < 0.01)
        #expect(r.rows.map(\.size) == (0..<31).map { Int64(8) << $0 })
    }

    struct Complete: Sendable, CustomTestStringConvertible {
        let file: String, program: String, rows: Int, first: Int64, last: Int64, avg: Double, devices: Int
        var testDescription: String { file }
    }

    static let complete: [Complete] = [
        .init(file: "b_all_reduce_8-8G_r2.txt", program: "all_reduce_perf", rows: 31, first: 8, last: 8_589_934_592, avg: 118.728, devices: 8),
        .init(file: "b_all_reduce_8-8G_c1_n50.txt", program: "all_reduce_perf", rows: 31, first: 8, last: 8_589_934_592, avg: 122.929, devices: 8),
        .init(file: "f_all_reduce_under_dmon.txt", program: "all_reduce_perf", rows: 31, first: 8, last: 8_589_934_592, avg: 121.352, devices: 8),
        .init(file: "c_all_gather_8-1G.txt", program: "all_gather_perf", rows: 14, first: 0, last: 536_870_912, avg: 71.0868, devices: 8),
        .init(file: "c_reduce_scatter_8-1G.txt", program: "reduce_scatter_perf", rows: 14, first: 0, last: 536_870_912, avg: 74.6669, devices: 8),
        .init(file: "c_broadcast_8-1G.txt", program: "broadcast_perf", rows: 14, first: 8, last: 536_870_912, avg: 78.9065, devices: 8),
        .init(file: "c_alltoall_8-1G.txt", program: "alltoall_perf", rows: 14, first: 0, last: 536_870_912, avg: 67.6125, devices: 8),
        .init(file: "d_all_reduce_1M-256M_INFO.txt", program: "all_reduce_perf", rows: 5, first: 1_048_576, last: 268_435_456, avg: 201.974, devices: 8),
        .init(file: "e_2gpu.txt", program: "all_reduce_perf", rows: 30, first: 8, last: 4_294_967_296, avg: 103.133, devices: 2),
        .init(file: "e_p2p_disable.txt", program: "all_reduce_perf", rows: 30, first: 8, last: 4_294_967_296, avg: 5.29476, devices: 8),
        .init(file: "e_p2p_disable_INFO.txt", program: "all_reduce_perf", rows: 30, first: 8, last: 4_294_967_296, avg: 5.45439, devices: 8),
        .init(file: "g_mpirun_all_reduce_np8.txt", program: "all_reduce_perf", rows: 28, first: 8, last: 1_073_741_824, avg: 102.083, devices: 8),
    ]

    @Test("complete runs", arguments: complete)
    func completeRuns(_ c: Complete) throws {
        let r = try Self.parse(c.file)
        #expect(r.program == c.program)
        #expect(r.rows.count == c.rows)
        #expect(r.rows.first?.size == c.first)
        #expect(r.rows.last?.size == c.last)
        #expect(r.avgBusBandwidth == c.avg)
        #expect(r.devices.count == c.devices)
        #expect(r.complete)
        #expect(r.outOfBounds == 0 && r.outOfBoundsOK == true)
        #expect(r.errors.isEmpty)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.ncclVersion == "2.28.9")
        #expect(r.rows.allSatisfy { $0.inPlace != nil && $0.outOfPlace.timeUs != nil })
        #expect(abs(Self.meanBusBandwidth(r) - c.avg) < 0.01)
    }

    @Test("c_alltoall: in-place #wrong is N/A, size-0 rows kept")
    func alltoall() throws {
        let r = try Self.parse("c_alltoall_8-1G.txt")
        #expect(r.rows.allSatisfy { $0.inPlace != nil && $0.inPlace?.wrong == nil && $0.outOfPlace.wrong == 0 })
        #expect(r.rows.prefix(2).map(\.size) == [0, 0])
        #expect(r.rows[0].outOfPlace == NcclTestsMeasurement(timeUs: 1.61, algbw: 0, busbw: 0, wrong: 0))
        #expect(r.rows[0].inPlace == NcclTestsMeasurement(timeUs: 1.58, algbw: 0, busbw: 0, wrong: nil))
        #expect(r.rows.allSatisfy { $0.redop == "none" && $0.root == -1 })
        #expect(r.rows.last?.outOfPlace.busbw == 317.91)
    }

    @Test("c_broadcast: root 0, redop none")
    func broadcast() throws {
        let r = try Self.parse("c_broadcast_8-1G.txt")
        #expect(r.rows.allSatisfy { $0.root == 0 && $0.redop == "none" })
        #expect(r.parameters?.step == 4)
    }

    @Test("d_: NCCL INFO interleaved, rows intact, NCCL lines counted")
    func debugInfo() throws {
        let r = try Self.parse("d_all_reduce_1M-256M_INFO.txt")
        #expect(r.ncclDebugLines.count == 391)
        #expect(r.ncclDebugLines.allSatisfy { $0.level == "INFO" && $0.host == "vm" && $0.pid == 4720 })
        let version = try #require(r.ncclDebugLines.first { $0.message.hasPrefix("NCCL version") })
        #expect(version == NcclDebugLine(level: "INFO", host: "vm", pid: 4720, device: 0,
                                         message: "NCCL version 2.28.9+cuda13.0", line: 17))
        #expect(r.ncclDebugLines.last?.line == 419)
        #expect(r.ncclDebugLines.last?.device == 7)
        #expect(r.ncclDebugLines.last?.message == "ENV/Plugin: Closing env plugin ncclEnvDefault")
        #expect(r.rows.map(\.line) == [400, 401, 402, 403, 404])
        #expect(r.rows[2].outOfPlace == NcclTestsMeasurement(timeUs: 120.12, algbw: 139.67, busbw: 244.42, wrong: 0))
        #expect(r.ncclVersion == "2.28.9")
    }

    @Test("e_p2p_disable_INFO: NCCL lines between header and rows")
    func p2pDisableInfo() throws {
        let r = try Self.parse("e_p2p_disable_INFO.txt")
        #expect(r.ncclDebugLines.count == 214)
        #expect(r.rows.first?.line == 223)
        #expect(r.rows.last?.outOfPlace.timeUs == 701037)
    }

    @Test("e_ socket run killed by timeout: rows kept, incomplete")
    func killedByTimeout() throws {
        let r = try Self.parse("e_p2p_shm_disable_socket_killed_by_timeout.txt")
        #expect(r.rows.count == 29)
        #expect(!r.complete)
        #expect(r.outOfBounds == nil)
        #expect(r.avgBusBandwidth == nil)
        let last = try #require(r.rows.last)
        #expect(last.size == 2_147_483_648)
        #expect(last.outOfPlace == NcclTestsMeasurement(timeUs: 2142778, algbw: 1.00, busbw: 1.75, wrong: 0))
        #expect(last.inPlace == NcclTestsMeasurement(timeUs: 1602665, algbw: 1.34, busbw: 2.34, wrong: 0))
        #expect(r.diagnostics.map(\.message) == ["no footer: run cut short after 29 rows"])
        #expect(r.diagnostics.first?.line == 46)
    }

    @Test("g_mpirun: 8 processes, 8 device lines with different pids")
    func mpirun() throws {
        let r = try Self.parse("g_mpirun_all_reduce_np8.txt")
        #expect(r.devices.map(\.pid) == [5385, 5386, 5388, 5392, 5394, 5398, 5399, 5403])
        #expect(r.devices.map(\.cudaDevice) == Array(0..<8))
        #expect(r.parameters?.nGpus == 1)
        #expect(r.bannerCount == 1)
    }

    @Test("i_err_invalid_flag: no rows, usage error recorded")
    func invalidFlag() throws {
        let r = try Self.parse("i_err_invalid_flag.txt")
        #expect(r.rows.isEmpty)
        #expect(!r.complete)
        #expect(r.program == "all_reduce_perf")
        #expect(r.errors == [
            NcclTestsError(kind: "usage", host: nil, location: nil,
                           message: "./build/all_reduce_perf: unrecognized option '--bogus-flag'", line: 1),
            NcclTestsError(kind: "usage", host: nil, location: nil, message: "invalid option '?'", line: 2),
        ])
        #expect(r.diagnostics.isEmpty)
    }

    @Test("i_err_too_many_gpus: error lines, exit path")
    func tooManyGPUs() throws {
        let r = try Self.parse("i_err_too_many_gpus.txt")
        #expect(r.rows.isEmpty)
        #expect(r.devices.isEmpty)
        #expect(!r.complete)
        #expect(r.parameters?.nGpus == 16)
        #expect(r.errors == [
            NcclTestsError(kind: "usage", host: nil, location: nil,
                           message: "Invalid number of GPUs: 16 requested but only 8 were found.", line: 6),
            NcclTestsError(kind: "propagated", host: "vm", location: "common.cu:1454",
                           message: "vm pid 6080: Test failure common.cu:1454", line: 8),
        ])
        #expect(r.diagnostics.map(\.message) == ["no footer: run cut short after 0 rows"])
    }

    @Test("usage text alone names the program")
    func helpText() throws {
        let r = try Self.parse("00_all_reduce_perf_help.txt")
        #expect(r.program == "all_reduce_perf")
        #expect(r.rows.isEmpty && r.errors.isEmpty)
    }

    @Test("other tools' output is not nccl-tests output", arguments: [
        "h_ddp_step_torchrun.txt", "a_nvidia-smi.txt", "a_topo-m.txt", "f_dmon_pucvmet_during_allreduce.txt",
        "a_nvidia-smi-q-x.txt",
    ])
    func otherTools(_ file: String) throws {
        let r = try Self.parse(file)
        #expect(r.rows.isEmpty)
        #expect(r.diagnostics.map(\.message) == ["no nccl-tests output found"])
    }
}
