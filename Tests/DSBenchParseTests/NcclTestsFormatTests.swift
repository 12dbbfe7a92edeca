import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// Layouts the captures do not cover, built from the printf formats in docs/formats.md
/// §1.6/§1.7 (header lines copied from there; rows padded the way printf pads them).
@Suite("NcclTests table layouts")
struct NcclTestsFormatTests {
    static func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }

    /// `%12li  %12li  %8s  %6s  %6s`
    static func preamble(_ size: Int64, _ count: Int64, _ type: String = "float", _ redop: String = "sum",
                         _ root: Int = -1) -> String {
        pad("\(size)", 12) + "  " + pad("\(count)", 12) + "  " + pad(type, 8) + "  " + pad(redop, 6) + "  " + pad("\(root)", 6)
    }

    /// `  %7s  %6s  %6s  %6g`
    static func half(_ time: String, _ algbw: String, _ busbw: String, _ wrong: String) -> String {
        "  " + pad(time, 7) + "  " + pad(algbw, 6) + "  " + pad(busbw, 6) + "  " + pad(wrong, 6)
    }

    /// `  %7s  %7s  %7s  %7s` (-I 1)
    static func perIter(_ values: String...) -> String { values.map { "  " + pad($0, 7) }.joined() }

    static func banner() throws -> String {
        try Fixtures.h200("b_all_reduce_8-8G_r1.txt").split(separator: "\n", omittingEmptySubsequences: false)
            .prefix(14).joined(separator: "\n") + "\n"
    }

    static let footer = "# Out of bounds values : 0 OK\n# Avg bus bandwidth    : 1.5 \n#\n# Collective test concluded: all_reduce_perf\n#\n\n"

    @Test("-I 1: per-iteration columns after each half")
    func perIteration() throws {
        let text = try Self.banner() + """
        # Per-Iteration Report: CUDA event timing; i_* uses max over process rows 
        #
        #                                                                 out-of-place (+ per-iteration)                                in-place (+ per-iteration)
        #       size         count      type   redop    root     time   algbw   busbw  #wrong    i_min    i_max    i_p99    i_cv%     time   algbw   busbw  #wrong    i_min    i_max    i_p99    i_cv% 
        #        (B)    (elements)                               (us)  (GB/s)  (GB/s)             (us)     (us)     (us)      (%)     (us)  (GB/s)  (GB/s)             (us)     (us)     (us)      (%) 

        """
            + Self.preamble(1_048_576, 262_144) + Self.half("75.50", "13.89", "24.30", "0") + Self.perIter("70.12", "90.40", "90.40", "6.25")
            + Self.half("58.27", "17.99", "31.49", "0") + Self.perIter("55.01", "61.93", "61.93", "3.1") + "\n"
            + Self.preamble(2_097_152, 524_288) + Self.half("59.93", "35.00", "61.24", "0") + Self.perIter("58.00", "1.2e+04", "inf", "-nan")
            + Self.half("60.00", "34.95", "61.17", "0") + Self.perIter("59.0", "61.0", "61.0", "0.84") + "\n" + Self.footer
        let r = NcclTestsParser.parse(text)
        #expect(r.rows.count == 2)
        #expect(r.rows[0].outOfPlace == NcclTestsMeasurement(timeUs: 75.50, algbw: 13.89, busbw: 24.30, wrong: 0,
                                                             iterMinUs: 70.12, iterMaxUs: 90.40, iterP99Us: 90.40,
                                                             iterCVPercent: 6.25))
        #expect(r.rows[0].inPlace?.iterCVPercent == 3.1)
        #expect(r.rows[1].outOfPlace.iterMaxUs == 12000)
        #expect(r.rows[1].outOfPlace.iterP99Us == nil)
        #expect(r.rows[1].outOfPlace.iterCVPercent == nil)
        #expect(r.rows[1].inPlace?.busbw == 61.17)
        #expect(r.complete && r.diagnostics.isEmpty)
    }

    @Test("-S 1 timestamps, with and without -I, and without a header")
    func timestamps() throws {
        let header = """
        #
        #                                                              out-of-place                       in-place          
        #       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong            timestamp
        #        (B)    (elements)                               (us)  (GB/s)  (GB/s)             (us)  (GB/s)  (GB/s)          %Y-%m-%d %H:%M:%S

        """
        let row = Self.preamble(8, 2) + Self.half("48.60", "0.00", "0.00", "0") + Self.half("51.25", "0.00", "0.00", "0")
            + "  2026-11-22 09:45:54\n"
        let r = NcclTestsParser.parse(try Self.banner() + header + row + Self.footer)
        #expect(r.rows.count == 1)
        #expect(r.rows.first?.timestamp == "2026-11-22 09:45:54")
        #expect(r.rows.first?.inPlace?.timeUs == 51.25)
        #expect(r.diagnostics.isEmpty)

        // No header at all (a capture that starts mid-table): the layout comes from the field count.
        let headerless = NcclTestsParser.parse(row + row.replacingOccurrences(of: "09:45:54", with: "09:45:55"))
        #expect(headerless.rows.map(\.timestamp) == ["2026-11-22 09:45:54", "2026-11-22 09:45:55"])

        let both = Self.preamble(8, 2) + Self.half("48.60", "0.00", "0.00", "0") + Self.perIter("1", "2", "3", "4")
            + Self.half("51.25", "0.00", "0.00", "0") + Self.perIter("5", "6", "7", "8") + "  2026-11-22 09:45:54\n"
        let inferred = NcclTestsParser.parse(both)
        #expect(inferred.rows.first?.timestamp == "2026-11-22 09:45:54")
        #expect(inferred.rows.first?.inPlace?.iterCVPercent == 8)
    }

    @Test("-C 1: cputime header noted")
    func cpuTime() throws {
        let header = "#\n#       size         count      type   redop    root  cputime   algbw   busbw  #wrong  cputime   algbw   busbw  #wrong \n"
        let row = Self.preamble(8, 2) + Self.half("12.00", "0.00", "0.00", "0") + Self.half("11.00", "0.00", "0.00", "0") + "\n"
        let r = NcclTestsParser.parse(try Self.banner() + header + row + Self.footer)
        #expect(r.rows.first?.outOfPlace.timeUs == 12)
        #expect(r.diagnostics.map(\.message) == ["time columns hold CPU time (-C 1)"])
    }

    @Test("nccl-tests 2.11: per-collective header, `error` column holds maxDelta")
    func version211() {
        let text = """
        # nThread 1 nGpus 2 minBytes 8 maxBytes 134217728 step: 2(factor) warmup iters: 5 iters: 20 validation: 1 
        #
        # Using devices
        #   Rank  0 Pid  12345 on     node01 device  0 [0x18] Tesla V100-SXM2-32GB
        #   Rank  1 Pid  12345 on     node01 device  1 [0x3b] Tesla V100-SXM2-32GB
        #
        #                                                       out-of-place                       in-place          
        #       size         count      type   redop     time   algbw   busbw  error     time   algbw   busbw  error
        #        (B)    (elements)                       (us)  (GB/s)  (GB/s)            (us)  (GB/s)  (GB/s)       
                   8             2     float     sum    20.18    0.00    0.00  0e+00    19.95    0.00    0.00  0e+00
           134217728      33554432     float     sum   1234.5  108.72  1190.26  2e-03   1233.9  108.77  190.35    N/A
        # Out of bounds values : 1 FAILED
        # Avg bus bandwidth    : 345.152 

        """
        let r = NcclTestsParser.parse(text)
        #expect(r.parameters == NcclTestsParameters(nThread: 1, nGpus: 2, minBytes: 8, maxBytes: 134_217_728, step: 2,
                                                    stepKind: "factor", warmupIters: 5, iters: 20, validation: 1))
        #expect(r.devices.last == NcclTestsDevice(rank: 1, group: nil, pid: 12345, host: "node01", cudaDevice: 1,
                                                  busId: "0x3b", name: "Tesla V100-SXM2-32GB"))
        #expect(r.rows.count == 2)
        #expect(r.rows.allSatisfy { $0.redop == "sum" && $0.root == -1 })
        #expect(r.rows[0].outOfPlace.wrong == 0)
        #expect(r.rows[1].outOfPlace == NcclTestsMeasurement(timeUs: 1234.5, algbw: 108.72, busbw: 1190.26, wrong: nil))
        #expect(r.rows[1].inPlace?.wrong == nil)
        #expect(r.outOfBounds == 1 && r.outOfBoundsOK == false)
        #expect(r.testsVersion == nil && r.program == nil && r.complete)
        #expect(r.diagnostics.isEmpty)
    }

    @Test("nccl-tests 2.11 all_gather (no redop, no root) and broadcast (root only)")
    func version211Preambles() {
        let allGather = """
        #       size         count      type     time   algbw   busbw  error     time   algbw   busbw  error
           134217728       4194304     float   1234.5  108.72   95.13  0e+00   1233.9  108.77   95.17  0e+00
        """
        let ag = NcclTestsParser.parse(allGather + "\n")
        #expect(ag.rows.map(\.redop) == [""])
        #expect(ag.rows.map(\.root) == [-1])
        #expect(ag.rows.first?.inPlace?.busbw == 95.17)
        let broadcast = """
        #       size         count      type    root     time   algbw   busbw  error     time   algbw   busbw  error
           134217728      33554432     float       3   1234.5  108.72  108.72  0e+00   1233.9  108.77  108.77  0e+00
        """
        let bc = NcclTestsParser.parse(broadcast + "\n")
        #expect(bc.rows.map(\.root) == [3])
        #expect(bc.rows.map(\.redop) == [""])
    }

    @Test("2.13.4–2.17.2: the bare last-error line after the footer is not a row")
    func bareLastError() {
        let text = """
        # nThread 1 nGpus 2 minBytes 8 maxBytes 16 step: 2(factor) warmup iters: 5 iters: 20 agg iters: 1 validation: 1 graph: 0
        #
        #       size         count      type   redop    root     time   algbw   busbw #wrong     time   algbw   busbw #wrong
        #        (B)    (elements)                               (us)  (GB/s)  (GB/s)            (us)  (GB/s)  (GB/s)       
                   8             2     float     sum      -1    20.18    0.00    0.00      0    19.95    0.00    0.00      0
                  16             4     float              -1    20.11    0.00    0.00      0    19.90    0.00    0.00      0
        # Out of bounds values : 0 OK
        # Avg bus bandwidth    : 0 
        #
        NET/IB : Got completion from peer 10.0.0.2<52100> with error 12, opcode 0, len 0, vendor err 129

        """
        let r = NcclTestsParser.parse(text)
        #expect(r.rows.count == 2)
        #expect(r.rows[1].redop == "")   // 2.13.0–2.13.3 / hypercube: empty redop
        #expect(r.rows[1].root == -1)
        #expect(r.parameters?.aggIters == 1 && r.parameters?.graph == 0 && r.parameters?.unalign == nil)
        #expect(r.avgBusBandwidth == 0)
        #expect(r.errors == [NcclTestsError(kind: "footer", host: nil, location: nil,
                                            message: "NET/IB : Got completion from peer 10.0.0.2<52100> with error 12, opcode 0, len 0, vendor err 129",
                                            line: 10)])
        #expect(r.complete && r.diagnostics.isEmpty)
    }

    @Test("inf, -nan, N/A, e-notation #wrong; FAILED footers")
    func oddValues() throws {
        let rows = Self.preamble(8, 2) + Self.half("inf", "0.00", "0.00", "1.04858e+06") + Self.half("-nan", "nan", "-inf", "N/A") + "\n"
            + Self.preamble(16, 4) + Self.half("1.2e+08", "N/A", "0.00", "N/A") + Self.half("12345.7", "1234.6", "1e+03", "0") + "\n"
        let footer = "# Out of bounds values : 3 FAILED\n# Avg bus bandwidth    : -nan FAILED\n#\n"
        let r = NcclTestsParser.parse(try Self.banner() + "#\n#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong \n" + rows + footer)
        #expect(r.rows[0].outOfPlace == NcclTestsMeasurement(timeUs: nil, algbw: 0, busbw: 0, wrong: 1_048_580))
        #expect(r.rows[0].inPlace == NcclTestsMeasurement(timeUs: nil, algbw: nil, busbw: nil, wrong: nil))
        #expect(r.rows[1].outOfPlace == NcclTestsMeasurement(timeUs: 1.2e8, algbw: nil, busbw: 0, wrong: nil))
        #expect(r.rows[1].inPlace == NcclTestsMeasurement(timeUs: 12345.7, algbw: 1234.6, busbw: 1000, wrong: 0))
        #expect(r.outOfBounds == 3 && r.outOfBoundsOK == false)
        #expect(r.avgBusBandwidth == nil && r.avgBusBandwidthOK == false)
        #expect(r.diagnostics.isEmpty)
    }

    @Test("a field that is not a number drops the row with a diagnostic")
    func badField() throws {
        let rows = Self.preamble(8, 2) + Self.half("4x.1", "0.00", "0.00", "0") + Self.half("1", "0.00", "0.00", "0") + "\n"
            + Self.preamble(16, 4) + Self.half("1.0", "0.00", "0.00", "0") + Self.half("1", "0.00", "0.00", "zero") + "\n"
            + Self.preamble(32, 8) + Self.half("1.0", "0.00", "0.00", "0") + Self.half("1", "0.00", "0.00", "0") + "  7\n"
        let r = NcclTestsParser.parse(try Self.banner() + "#\n#       size   count   type   redop   root   time   algbw   busbw  #wrong     time   algbw   busbw  #wrong \n" + rows + Self.footer)
        #expect(r.rows.map(\.size) == [16])
        #expect(r.rows.first?.inPlace == nil)
        #expect(r.diagnostics.map(\.line) == [17, 18, 19])
    }
}
