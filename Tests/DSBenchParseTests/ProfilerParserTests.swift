import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// `ncu --csv --section SpeedOfLight --launch-skip 2 --launch-count 2` on an 8192³ bf16 GEMM (H200),
/// and nsys stats CSV built from a real public run (Tests/Fixtures/nsys-stats/README.md).
@Suite struct ProfilerParserTests {
    static func ncu() throws -> [UInt8] { Array(try Fixtures.data("h200-x1/ncu_sol_csv.txt")) }

    @Test func realNcuCaptureGivesTwoLaunchesWithTheirSpeedOfLight() throws {
        let report = NcuCSVParser.parse(try Self.ncu())
        #expect(report.layout == .details)
        #expect(report.diagnostics.isEmpty)
        #expect(report.kernels.map(\.launchID) == [0, 1])
        let first = report.kernels[0]
        #expect(first.name == "nvjet_sm90_tst_320x128_64x3_1x2_h_bz_coopB_NNT")
        #expect(first.shortName == first.name)
        #expect(first.block == [384, 1, 1] && first.grid == [2, 66, 1])
        #expect(first.processID == 2897 && first.context == 1 && first.stream == 7 && first.device == 0)
        #expect(first.computeCapability == "9.0")
        #expect(first.metrics.count == 10)
        #expect(first.metric("DRAM Frequency")?.value == 3_199_418_037.02)
        #expect(first.metric("DRAM Frequency")?.unit == "hz")
        #expect(first.metric("Duration")?.value == 1_671_584 && first.metric("Duration")?.unit == "ns")
        #expect(first.metric("Compute (SM) Throughput")?.value == 93.52)
        #expect(first.metric("Memory Throughput")?.value == 94.68)
        #expect(first.metric("DRAM Throughput")?.value == 17.92)
        #expect(first.metric("SM Active Cycles")?.value == 2_128_548.75)
        #expect(first.metric("Elapsed Cycles")?.unit == "cycle")
        #expect(first.rules.map(\.name) == ["SOLBottleneck"])
        #expect(first.rules.first?.type == "INF")
        #expect(report.kernels[1].metric("Duration")?.value == 1_686_880)
    }

    /// What a `profile: {tool: ncu}` step exports: `ncu --import R.ncu-rep --csv --page raw` of
    /// two launches of the same GEMM (Tests/Fixtures/h200-x1-s5, 513 columns, a units row).
    @Test func realImportedRawPageGivesEachLaunchItsMetricsAndUnits() throws {
        let report = NcuCSVParser.parse(Array(try Fixtures.data("h200-x1-s5/ncu_import_raw.txt")))
        #expect(report.layout == .raw)
        #expect(report.diagnostics.isEmpty)
        #expect(report.kernels.map(\.launchID) == [0, 1])
        let first = report.kernels[0]
        #expect(first.name == "nvjet_sm90_tst_320x128_64x3_1x2_h_bz_coopB_NNT")
        #expect(first.metric("gpu__time_duration.sum")?.value == 1.651424)
        #expect(first.metric("gpu__time_duration.sum")?.unit == "ms")
        #expect(first.metric("sm__throughput.avg.pct_of_peak_sustained_elapsed")?.value == 93.335651)
        #expect(first.metric("sm__throughput.avg.pct_of_peak_sustained_elapsed")?.unit == "%")
        #expect(first.metric("gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed")?.value == 94.497929)
        #expect(report.kernels[1].metric("gpu__time_duration.sum")?.value == 1.652032)
        let rows = ProfileMetrics.ncu(report)
        let duration = try #require(rows.first { $0.name == "ncu.kernel_duration_us" })
        #expect(abs(duration.value - (1651.424 + 1652.032) / 2) < 1e-6, "ms on the raw page become µs")
    }

    @Test func ncuMetricRowsPoolLaunchesOfOneKernel() throws {
        let rows = ProfileMetrics.ncu(NcuCSVParser.parse(try Self.ncu()))
        let duration = try #require(rows.first { $0.name == "ncu.kernel_duration_us" })
        #expect(abs(duration.value - (1_671.584 + 1_686.880) / 2) < 1e-9)
        #expect(duration.direction == .lower && duration.unit == "us")
        #expect(rows.first { $0.name == "ncu.kernel_launches" }?.value == 2)
        #expect(abs((rows.first { $0.name == "ncu.sm_throughput_pct" }?.value ?? 0) - 93.55) < 1e-9)
        #expect(rows.first { $0.name == "ncu.kernel_time_share_pct" }?.value == 100)
    }

    @Test func rawPageAndSummaryAndPermissionError() {
        let raw = """
        ok 1.0
        ==PROF== Connected to process 1 (python)
        "ID","Process ID","Process Name","Host Name","Kernel Name","Context","Stream","Block Size","Grid Size","Device","CC","dram__bytes_read.sum","gpu__time_duration.sum"
        "","","","","","","","","","","","Kbyte","usecond"
        "0","1","python","h","void at::native::(anonymous namespace)::foo<float, 4>(float *, int)","1","7","(256, 1, 1)","(5, 20, 1)","0","9.0","10,240.5","4.25"
        """
        let report = NcuCSVParser.parse(Array(raw.utf8))
        #expect(report.layout == .raw)
        #expect(report.kernels.first?.shortName == "foo")
        #expect(report.kernels.first?.metric("dram__bytes_read.sum")?.value == 10_240.5)
        #expect(report.kernels.first?.metric("gpu__time_duration.sum")?.unit == "usecond")
        let denied = NcuCSVParser.parse(Array("==ERROR== ERR_NVGPUCTRPERM - The user does not have permission\n".utf8))
        #expect(denied.diagnostics.contains { $0.severity == .error && $0.message.contains("NVreg_RestrictProfilingToAdminUsers=0") })
    }

    @Test func truncatedReorderedAndCorruptedNcuNeverCrash() throws {
        let source = try Self.ncu()
        for cut in stride(from: 0, to: source.count, by: 37) { _ = NcuCSVParser.parse(Array(source[..<cut])) }
        let lines = source.split(separator: 0x0A).map(Array.init)
        let reordered = Array((lines.prefix(4) + lines.dropFirst(4).reversed()).joined(separator: [0x0A]))
        #expect(NcuCSVParser.parse(reordered).kernels.count == 2)
        var random = SmiSplitMix64(seed: 15)
        for _ in 0..<2000 { _ = Parsers.parse(.ncuCSV, ParserDispatchFuzzTests.mutate(source, &random)) }
    }

    @Test func nsysStatsTablesAndTraceOverlap() throws {
        let stats = NsysStatsParser.parse(Array(try Fixtures.data("nsys-stats/stencil_stats.csv")))
        #expect(stats.tables.map(\.report) == ["osrt_sum", "cuda_gpu_kern_sum", "cuda_gpu_mem_time_sum"])
        let kernels = try #require(stats.table("cuda_gpu_kern_sum"))
        #expect(kernels.title == "CUDA GPU Kernel Summary")
        #expect(kernels.rows[0].totalNanoseconds == 24_472_143 && kernels.rows[0].shortName == "mult_square_matrix")
        #expect(kernels.rows[1].instances == 2 && kernels.rows[1].averageNanoseconds == 173_901.5)
        #expect(stats.table("cuda_gpu_mem_time_sum")?.rows.first?.instances == 5)
        #expect(stats.diagnostics.contains { $0.severity == .note && $0.message.hasPrefix("SKIPPED:") })

        let trace = NsysStatsParser.parse(Array(try Fixtures.data("nsys-stats/ddp_gpu_trace.csv")))
        #expect(trace.traceKernels == 2)
        let device = try #require(trace.timeline.first)
        #expect(device.ncclMicroseconds == 3 && device.overlapMicroseconds == 2 && device.exposedCommMicroseconds == 1)
        let rows = ProfileMetrics.nsys(trace)
        #expect(rows.first { $0.name == "nsys.exposed_comm_us" }?.value == 1)
    }
}
