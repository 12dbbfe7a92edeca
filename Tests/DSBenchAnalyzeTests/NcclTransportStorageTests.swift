@testable import DSBenchAnalysisStore
@testable import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
@testable import DSBenchStore
import Foundation
import DSBenchTestSupport
import Testing

/// The NCCL_DEBUG transport summary is made once, by the parser, and stored (migration 0110): the
/// health rules read it back instead of every line; rows stored before keep their lines and are
/// summarised when read.
@Suite struct NcclTransportStorageTests {
    @Test(arguments: ["e_p2p_disable_INFO.txt", "d_all_reduce_1M-256M_INFO.txt", "b_all_reduce_8-8G_r1.txt"])
    func theParsersSummaryIsTheSummaryOfItsLines(_ capture: String) throws {
        let report = NcclTestsParser.parse(Array(try Fixtures.h200(capture).utf8))
        #expect(report.transport == (report.ncclDebugLines.isEmpty ? nil : NcclDebugInfo.summarize(report.ncclDebugLines)))
        // What the store is given: the same report, its lines summarised and not kept.
        var summarized = NcclTestsParser.parse(summarizing: Array(try Fixtures.h200(capture).utf8))
        #expect(summarized.ncclDebugLines == [])
        #expect(summarized.transport?.lineCount == (report.ncclDebugLines.isEmpty ? nil : report.ncclDebugLines.count))
        summarized.ncclDebugLines = report.ncclDebugLines
        #expect(summarized == report)
    }

    @Test func theSummaryIsStoredAndReadBackNotTheLines() throws {
        let captures = try CaptureStore()
        let runID = try captures.ingest("e_p2p_disable_INFO.txt")
        let parsed = NcclTestsParser.parse(Array(try Fixtures.h200("e_p2p_disable_INFO.txt").utf8))
        let stored = try #require(try captures.store.ncclSteps(runID: runID).first)
        #expect(stored.transport == parsed.transport && stored.transport != nil)
        #expect(stored.legacyDebugLines == [])
        #expect(try captures.store.queryRaw("SELECT debug_lines FROM nccl_summaries") == ["[]"])
        let input = try HealthInputLoader.load(runID: runID, store: captures.store)
        #expect(input.ncclSteps.first?.transport == parsed.transport)
    }

    @Test func aRowStoredBeforeTheMigrationIsSummarisedFromItsLines() throws {
        let captures = try CaptureStore()
        let runID = try captures.ingest("e_p2p_disable_INFO.txt")
        let parsed = NcclTestsParser.parse(Array(try Fixtures.h200("e_p2p_disable_INFO.txt").utf8))
        // As an earlier dsbench wrote it: the lines' JSON, no summary.
        let lines = String(decoding: try JSONEncoder().encode(parsed.ncclDebugLines), as: UTF8.self)
        try captures.store.executeRaw("UPDATE nccl_summaries SET transport = NULL, debug_lines = '"
                                      + lines.replacingOccurrences(of: "'", with: "''") + "'")
        let stored = try #require(try captures.store.ncclSteps(runID: runID).first)
        #expect(stored.transport == nil && stored.legacyDebugLines == parsed.ncclDebugLines)
        #expect(HealthInputLoader.transport(of: stored) == parsed.transport)
        let input = try HealthInputLoader.load(runID: runID, store: captures.store)
        #expect(input.ncclSteps.first?.transport == parsed.transport)
        #expect((parsed.transport?.connections.count ?? 0) > 0, "the capture's SHM channel lines")
    }
}
