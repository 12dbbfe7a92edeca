import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// A parse stops when its task is cancelled (Ctrl-C) or its deadline passes (the command's
/// timeout), and a stopped parse is refused rather than taken for a whole one.
@Suite struct ParseCancellationTests {
    /// Each looping parser with a real capture, repeated past the poll interval (1024 lines).
    static let captures: [(ParserKind, String)] = [
        (.ncclTests, "h200-x8/b_all_reduce_8-8G_r1.txt"),
        (.dmon, "h200-x8/f_dmon_pucvmet_during_allreduce.txt"),
        (.queryGPU, "h200-x8/a_query-gpu_csv.txt"),
        (.topo, "h200-x8/a_topo-m.txt"),
        (.nvlink, "h200-x8/a_nvlink-s.txt"),
        (.smiSummary, "h200-x8/a_nvidia-smi.txt"),
        (.osRelease, "h200-x8/a_os-release.txt"),
        (.workload, "h200-x2-workload/tiny_ddp_stdout.txt"),
        (.workloadLog, "h200-x2-workload/oom_torchrun_stderr.txt"),
        (.ncclTestsJSON, "h200-x2-iter/j_all_reduce_I_r1.json"),
    ]

    static func repeated(_ path: String, lines: Int) throws -> [UInt8] {
        let capture = Array(try Fixtures.data(path))
        let perCopy = max(1, capture.count(where: { $0 == 0x0A }))
        let copies = max(lines / perCopy + 1, (1 << 17) / max(capture.count, 1) + 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(copies * capture.count)
        for _ in 0..<copies { bytes.append(contentsOf: capture) }
        return bytes
    }

    static var past: ContinuousClock.Instant { ContinuousClock.now - .seconds(1) }

    @Test(arguments: captures.map(\.0))
    func passedDeadlineStopsTheParse(_ kind: ParserKind) throws {
        let path = try #require(Self.captures.first { $0.0 == kind }?.1)
        let input = try Self.repeated(path, lines: 4096)
        #expect(throws: ParseRefusal.stopped(deadlinePassed: true)) {
            try Parsers.parse(kind, input, workload: nil, limits: ParseLimits(), deadline: Self.past)
        }
    }

    @Test func torchTraceStopsAtItsDeadline() throws {
        let gz = Array(try Fixtures.data("h200-x8/ddp_trace_rank0_steps20-24.json.gz"))
        #expect(throws: ParseRefusal.stopped(deadlinePassed: true)) {
            try Parsers.parse(.torchTrace, gz, workload: nil, limits: ParseLimits(), deadline: Self.past)
        }
    }

    /// A parse that ends before its first poll is whole: it is kept even past the deadline.
    @Test func shortParseEndingBeforeAPollIsKept() throws {
        let capture = Array(try Fixtures.data("h200-x8/a_query-gpu_csv.txt"))
        let records = try Parsers.parse(.queryGPU, capture, workload: nil, limits: ParseLimits(), deadline: Self.past)
        guard case .queryGPU(let table) = records else { Issue.record("not query-gpu"); return }
        #expect(table.records.count == 8)
    }

    @Test func cancelledTaskStopsTheParse() async throws {
        let input = try Self.repeated("h200-x8/a_query-gpu_csv.txt", lines: 4096)
        let task = Task { () throws(ParseRefusal) -> ParsedRecords in
            withUnsafeCurrentTask { $0?.cancel() }
            return try Parsers.parse(.queryGPU, input, workload: nil, limits: ParseLimits())
        }
        await #expect(throws: ParseRefusal.stopped(deadlinePassed: false)) { try await task.value }
    }

    /// Ctrl-C mid-parse: the parse returns soon after the cancel, long before it would finish.
    @Test func cancelMidParseReturnsPromptly() async throws {
        // About 80 000 rows: seconds to parse even in a release build.
        let input = try Self.repeated("h200-x8/a_query-gpu_csv.txt", lines: 80_000)
        let clock = ContinuousClock()
        let task = Task { () throws(ParseRefusal) -> ParsedRecords in
            try Parsers.parse(.queryGPU, input, workload: nil, limits: ParseLimits())
        }
        try await Task.sleep(for: .milliseconds(100))
        let cancelled = clock.now
        task.cancel()
        let result = await task.result
        let afterCancel = clock.now - cancelled
        if case .failure(let error) = result {
            #expect(error as? ParseRefusal == .stopped(deadlinePassed: false))
            // Generous for a loaded CI box; the poll comes every 1024 lines (milliseconds).
            #expect(afterCancel < .seconds(2), "stopped \(afterCancel) after the cancel")
        }
    }
}
