import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Synchronization
import Testing

/// A step's rows past the health pass's held limit are read from the store a page at a time each
/// time a rule walks them (`NcclRowSequence`): the rules must see exactly the rows, in order, and
/// a read that fails part-way must be reported, never judged on.
@Suite struct StreamedHealthRowsTests {
    static func rows(_ n: Int) -> [NcclTestsRow] {
        (0..<n).map { i in
            NcclTestsRow(size: Int64(8 << (i % 20)), count: Int64(i), type: "float", redop: "sum", root: -1,
                         outOfPlace: NcclTestsMeasurement(timeUs: Double(i + 1), algbw: 1, busbw: Double(i % 97), wrong: 0),
                         inPlace: nil, line: i + 1)
        }
    }

    final class Calls: Sendable {
        let log = Mutex<[Int?]>([])
        func withLock<R>(_ body: (inout [Int?]) -> R) -> R { log.withLock { body(&$0) } }
    }

    /// A reader over `rows` stored at seq 10, 20, 30, … (seqs need not be consecutive).
    static func reader(_ rows: [NcclTestsRow], calls: Calls, failingAtCall: Int? = nil) -> NcclRowSequence.PageReader {
        { after, limit in
            let call = calls.withLock { $0.append(after); return $0.count }
            if call == failingAtCall { throw StoreError(.database, "disk I/O error") }
            let start = after.map { $0 / 10 } ?? 0
            return rows[min(start, rows.count)..<min(start + limit, rows.count)].enumerated().map { k, row in
                (seq: (start + k + 1) * 10, row: row)
            }
        }
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 10_000])
    func aStoredSequenceWalksEveryRowInOrderAPageAtATime(_ n: Int) {
        let rows = Self.rows(n)
        let calls = Calls()
        let stored = NcclRowSequence(stored: 7, count: n, reader: Self.reader(rows, calls: calls))
        #expect(Array(stored) == rows)
        // Pages of 4,096, and one more read that finds the end when the last page was full.
        let pages = n / 4096 + 1
        #expect(calls.withLock { $0.count } == pages)
        #expect(calls.withLock { $0 } == [nil] + (1..<pages).map { $0 * 4096 * 10 })
        // A second walk reads again: nothing of the first is kept.
        #expect(Array(stored).count == n && calls.withLock { $0.count } == 2 * pages)
        #expect(stored.failure == nil && !stored.isHeld && stored.count == n)
        #expect(Array(NcclRowSequence(rows)) == rows && NcclRowSequence(rows).isHeld)
    }

    @Test func aReadThatFailsPartWayStopsTheWalkAndIsReported() throws {
        let rows = Self.rows(10_000)
        let calls = Calls()
        var step = HealthNcclStep(key: "ar#0@vm", name: "ar", node: "vm", collective: "all_reduce")
        step.rows = NcclRowSequence(stored: 3, count: rows.count, reader: Self.reader(rows, calls: calls, failingAtCall: 2))
        #expect(Array(step.rows).count == 4096)
        #expect(step.rows.failure?.contains("disk I/O error") == true)
        let input = HealthInput(ncclSteps: [step])
        #expect(input.rowReadFailure?.hasPrefix("reading the rows of ar#0@vm: ") == true, "\(String(describing: input.rowReadFailure))")
        #expect(HealthInput(ncclSteps: [HealthNcclStep(key: "ar#0@vm", name: "ar", node: "vm", collective: nil,
                                                       rows: rows)]).rowReadFailure == nil)
    }

    /// Real captures in a real store: the findings are the same whether the rows are held or read
    /// back per rule, and the limit decides which steps are held.
    @Test func heldOrStreamedTheRulesFindTheSame() throws {
        let store = try Store.openInMemory()
        let run = try store.createRun(NewRun(suiteName: "health", suiteHash: "", startedAt: Date(), dsbenchVersion: "test"))
        let files = ["h200-x1/nccl_broadcast_1gpu.txt", "h200-x8/b_all_reduce_8-8G_r1.txt", "h200-x8/e_p2p_disable_INFO.txt",
                     "h200-x8/e_2gpu.txt"]
        let steps = files.enumerated().map { index, file in
            PlannedStep(seq: index, name: (file as NSString).lastPathComponent, kind: .nccl, node: "vm",
                        commands: [PlannedCommand(label: "main", argv: ["all_reduce_perf"], timeoutSeconds: 1, parser: .ncclTests)])
        }
        let ids = try store.insertPlannedSteps(runID: run, steps: steps)
        var counts: [Int] = []
        for (file, id) in zip(files, ids) {
            let bytes = Array(try Fixtures.text(file).utf8)
            let artifact = try store.storeArtifacts(runID: run, stepID: id, node: "vm",
                                                    [ArtifactInput(name: "main.stdout", parser: .ncclTests, bytes: bytes)])
            let records = Parsers.parse(.ncclTests, bytes)
            if case .ncclTests(let report) = records { counts.append(report.rows.count) }
            try store.finishStep(StepCompletion(stepID: id, status: .completed, endedAt: Date(),
                                                parsed: [(artifactID: artifact[0], records: records)]))
        }
        try #require(counts.count == 4 && counts[1] > counts[2] && counts[3] > 0, "\(counts)")
        let detail = try #require(try store.runDetail(id: run))
        let held = try HealthInputLoader.load(detail: detail, store: store)
        let streamed = try HealthInputLoader.load(detail: detail, store: store, heldRowLimit: 0)
        let mixed = try HealthInputLoader.load(detail: detail, store: store, heldRowLimit: counts[0] + counts[2])
        #expect(held.ncclSteps.map(\.rows.isHeld) == [true, true, true, true])
        #expect(streamed.ncclSteps.map(\.rows.isHeld) == [false, false, false, false])
        // The first fits, the second not, the third still fits beside the first.
        #expect(mixed.ncclSteps.map(\.rows.isHeld) == [true, false, true, false])
        for (a, b) in zip(held.ncclSteps, streamed.ncclSteps) { #expect(Array(a.rows) == Array(b.rows)) }

        let findings = HealthCheck.run(held)
        #expect(findings.contains { $0.rule == "nccl.busbw.implausible" }, "\(findings.map(\.rule))")
        #expect(HealthCheck.run(streamed) == findings)
        #expect(HealthCheck.run(mixed) == findings)
        #expect(streamed.rowReadFailure == nil)
    }
}
