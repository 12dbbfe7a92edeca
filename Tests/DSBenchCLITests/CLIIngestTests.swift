import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench ingest` and `dsbench reparse`: logs made elsewhere go into runs, raw bytes first.
@Suite struct CLIIngestTests {
    static func capture(_ name: String) -> String { Fixtures.url("h200-x8/" + name).path }

    /// Every parsed nccl-tests column of a run, without the row ids (which a rebuild may renumber).
    static let ncclRowsSQL = """
        SELECT s.seq AS step_seq, r.seq, r.size, r.count, r.type, r.redop, r.root,
               r.oop_time_us, r.oop_algbw, r.oop_busbw, r.oop_wrong, r.ip_time_us, r.ip_algbw, r.ip_busbw,
               r.ip_wrong, r.ip_present, r.sampled_at
        FROM nccl_results r JOIN steps s ON s.id = r.step_id WHERE r.run_id = ? ORDER BY s.seq, r.seq
        """
    static let summariesSQL = """
        SELECT s.seq AS step_seq, n.program, n.collective, n.n_gpus, n.avg_busbw, n.row_count, n.complete,
               n.out_of_bounds, n.out_of_bounds_ok, n.errors, n.devices
        FROM nccl_summaries n JOIN steps s ON s.id = n.step_id WHERE n.run_id = ? ORDER BY s.seq
        """

    @Test func ingestAppendAndReparse() async throws {
        let cli = try CLI.make("ingest")
        defer { cli.removeScratch() }
        let r1 = Self.capture("b_all_reduce_8-8G_r1.txt")
        let r2 = Self.capture("b_all_reduce_8-8G_r2.txt")

        let first = try await cli.run(["ingest", "nccl-tests", r1, r2, "--node", "gpu-007"])
        #expect(first.status == 0, "\(first)")
        let runID = try #require(first.runID, "the last stdout line is the run id\n\(first)")
        #expect(runID == 1)

        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT status || ' ' || source || ' ' || suite_name FROM runs") == ["completed ingest ingest"])
        #expect(try db.strings("SELECT name || ' ' || kind || ' ' || node || ' ' || status FROM steps ORDER BY seq") == [
            "b_all_reduce_8-8G_r1.txt nccl gpu-007 completed", "b_all_reduce_8-8G_r2.txt nccl gpu-007 completed",
        ])
        #expect(try db.ints("SELECT count(*) FROM nccl_results GROUP BY step_id ORDER BY step_id") == [31, 31])
        #expect(try db.strings("SELECT CAST(avg_busbw AS TEXT) FROM nccl_summaries ORDER BY step_id") == ["121.667", "118.728"])
        // The raw bytes are stored exactly as the files hold them.
        let sizes = try db.ints("SELECT size FROM artifacts ORDER BY id")
        #expect(sizes == [try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt").count,
                          try Fixtures.data("h200-x8/b_all_reduce_8-8G_r2.txt").count])

        // --run appends a step to the same run; no new run.
        let append = try await cli.run(["ingest", "nccl-tests", Self.capture("c_broadcast_8-1G.txt"), "--run", "\(runID)"])
        #expect(append.status == 0, "\(append)")
        #expect(append.runID == runID, "\(append)")
        #expect(try db.int("SELECT count(*) FROM runs") == 1)
        #expect(try db.strings("SELECT name FROM steps WHERE run_id = ? ORDER BY seq", [runID]).last == "c_broadcast_8-1G.txt")
        #expect(try db.ints("SELECT seq FROM steps WHERE run_id = ? ORDER BY seq", [runID]) == [0, 1, 2])
        #expect(try db.int("SELECT count(*) FROM nccl_results WHERE run_id = ?", [runID]) == 31 + 31 + 14)

        // reparse with nothing changed: the same parsed rows.
        let rowsBefore = try db.dump(Self.ncclRowsSQL, [runID])
        let summariesBefore = try db.dump(Self.summariesSQL, [runID])
        #expect(rowsBefore.count == 76)
        let reparse = try await cli.run(["reparse", "\(runID)"])
        #expect(reparse.status == 0, "\(reparse)")
        #expect(reparse.stdout.contains("run \(runID): reparsed 3 artifacts"), "\(reparse)")
        #expect(try db.dump(Self.ncclRowsSQL, [runID]) == rowsBefore)
        #expect(try db.dump(Self.summariesSQL, [runID]) == summariesBefore)

        // Parsed tables lost: reparse rebuilds them from the raw artifacts alone.
        try db.execute("DELETE FROM nccl_results WHERE run_id = ?", [runID])
        try db.execute("DELETE FROM nccl_summaries WHERE run_id = ?", [runID])
        #expect(try db.int("SELECT count(*) FROM nccl_results") == 0)
        let rebuild = try await cli.run(["reparse", "latest"])
        #expect(rebuild.status == 0, "\(rebuild)")
        #expect(try db.dump(Self.ncclRowsSQL, [runID]) == rowsBefore)
        #expect(try db.dump(Self.summariesSQL, [runID]) == summariesBefore)

        let unknownRun = try await cli.run(["reparse", "42"])
        #expect(unknownRun.status == 64, "\(unknownRun)")
        #expect(unknownRun.stderr.contains("run 42 not found"), "\(unknownRun)")
    }

    @Test func garbageExits65ButItsBytesAreKept() async throws {
        let cli = try CLI.make("ingest-garbage")
        defer { cli.removeScratch() }
        let bytes = Data((0..<1500).map { UInt8(truncatingIfNeeded: $0 &* 197 &+ 11) })
        let garbage = try cli.write("garbage.log", bytes)

        let result = try await cli.run(["ingest", "nccl-tests", garbage.path])
        #expect(result.status == 65, "\(result)")
        let runID = try #require(result.runID, "the run id is printed even when nothing parsed\n\(result)")
        #expect(result.stderr.contains("\(garbage.path): no nccl-tests records found (raw bytes stored)"), "\(result)")

        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT status FROM runs WHERE id = ?", [runID]) == ["failed"])
        #expect(try db.strings("SELECT status FROM steps WHERE run_id = ?", [runID]) == ["failed"])
        #expect(try db.strings("SELECT name || ' ' || parser || ' ' || size FROM artifacts WHERE run_id = ?", [runID])
                == ["ingest.stdout nccl-tests 1500"])
        #expect(try db.int("SELECT count(*) FROM nccl_results") == 0)

        // Appending garbage to a good run: exit 65, the good run keeps its status and rows.
        let good = try await cli.run(["ingest", "nccl-tests", Self.capture("b_all_reduce_8-8G_r1.txt")])
        #expect(good.status == 0, "\(good)")
        let goodID = try #require(good.runID)
        let appended = try await cli.run(["ingest", "nccl-tests", garbage.path, "--run", "\(goodID)"])
        #expect(appended.status == 65, "\(appended)")
        #expect(appended.runID == goodID)
        #expect(try db.int("SELECT count(*) FROM artifacts WHERE run_id = ?", [goodID]) == 2)
        #expect(try db.int("SELECT count(*) FROM nccl_results WHERE run_id = ?", [goodID]) == 31)

        // One good file among bad ones is not "unparseable": exit 0.
        let mixed = try await cli.run(["ingest", "nccl-tests", garbage.path, Self.capture("b_all_reduce_8-8G_r2.txt")])
        #expect(mixed.status == 0, "\(mixed)")
        #expect(mixed.stderr.contains("no nccl-tests records found"), "\(mixed)")

        let missingRun = try await cli.run(["ingest", "nccl-tests", garbage.path, "--run", "99"])
        #expect(missingRun.status == 64, "\(missingRun)")
        let missingFile = try await cli.run(["ingest", "dmon", cli.scratch.appendingPathComponent("nope.txt").path])
        #expect(missingFile.status == 64, "\(missingFile)")
        #expect(missingFile.stderr.contains("nope.txt: cannot read"), "\(missingFile)")
    }
}
