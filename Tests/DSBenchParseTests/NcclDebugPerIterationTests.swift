import DSBenchCore
import DSBenchTestSupport
import Foundation
@testable import DSBenchParse
import Testing

/// The shipped nightly suite runs every collective with `-I 1` (per-iteration columns) and, since
/// it diagnoses by default, with NCCL_DEBUG=INFO (NCCL_DEBUG_SUBSYS=INIT,ENV,NET). No real capture
/// has both, so this one is built from two real ones: the INFO text of the 8×H200 capture
/// `d_all_reduce_1M-256M_INFO` (init lines after the device lines, channel lines between the column
/// header and the first row, as NCCL printed them) put into the 2×H200 per-iteration table
/// `j_all_reduce_I_r1`, plus a runtime-connect line glued to a row's preamble.
@Suite struct NcclDebugPerIterationTests {
    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// d_'s lines 14–195 (init: version, NET/IB, NET/Socket, Using network, channel counts, ranks,
    /// set by environment) and 200–399 (192 `Channel … via P2P/direct pointer`, `Connected all rings`).
    static func infoBlocks() throws -> (initLines: [Substring], channelLines: [Substring]) {
        let d = lines(try Fixtures.h200("d_all_reduce_1M-256M_INFO.txt"))
        return (Array(d[13..<195]), Array(d[199..<399]))
    }

    @Test func perIterationRowsAndTheTransportSummaryBothSurviveInterleavedINFOLines() throws {
        let clean = try Fixtures.text("h200-x2-iter/j_all_reduce_I_r1.txt")
        var table = Self.lines(clean)
        let (initLines, channelLines) = try Self.infoBlocks()
        #expect(initLines.allSatisfy { $0.contains(" NCCL INFO ") } && channelLines.allSatisfy { $0.contains(" NCCL INFO ") })
        // Line 10 is the `#` after the device lines, 11–13 the column header; 14 the first row.
        #expect(table[9] == "#" && table[12].hasPrefix("#        (B)") && table[13].hasPrefix("           8 "))
        let last = try #require(table.firstIndex { $0.hasPrefix("   536870912") })
        let glued = "vm:4720:4787 [0] NCCL INFO Connected all trees"
        table[last] = table[last].prefix(52) + glued + "\n" + table[last].dropFirst(52)
        table.insert(contentsOf: channelLines, at: 13)
        table.insert(contentsOf: initLines, at: 9)
        let report = NcclTestsParser.parse(table.joined(separator: "\n"))
        let reference = NcclTestsParser.parse(clean)

        #expect(reference.rows.count == 14 && reference.rows.allSatisfy { $0.outOfPlace.iterCVPercent != nil })
        #expect(report.rows.map { var row = $0; row.line = 0; return row }
                == reference.rows.map { var row = $0; row.line = 0; return row })
        #expect(report.diagnostics == reference.diagnostics)
        #expect(report.complete && report.outOfBoundsOK == true)
        #expect(report.ncclDebugLines.count == initLines.count + channelLines.count + 1)
        #expect(report.ncclDebugLines.last?.message == "Connected all trees")

        // What the transport rules read is all there.
        let summary = NcclDebugInfo.summarize(report.ncclDebugLines)
        #expect(summary.ncclVersion == "2.28.9")
        #expect(summary.networks == ["Socket"] && summary.ibNoDevice && summary.socketDevices == ["eth0:192.0.2.2"])
        #expect(summary.connections.count == 192 && summary.count(of: .p2pDirect) == 192)
        #expect(summary.collChannels == 24 && summary.ranks == 8 && summary.nodes == 1)
        #expect(summary.environment == ["NCCL_NVLS_ENABLE": "0"])
    }
}
