import DSBenchTestSupport
import Foundation
import Testing

/// A full disk, stood in for by a file-size limit just above the database's size (no small
/// filesystem needed): `ingest` and `run` exit 70 with SQLite's message, never 1 (the regression
/// code), and the run they were filling is marked failed, not left `running`.
@Suite struct CLIFullDiskTests {
    /// Random bytes do not compress: the artifact needs about its own size in the database.
    static func noise(_ cli: CLI, bytes: Int) throws -> URL {
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        defer { try? random.close() }
        return try cli.write("noise.txt", random.readData(ofLength: bytes))
    }

    func fill(_ cli: inout CLI) throws {
        let size = try #require(try FileManager.default.attributesOfItem(atPath: cli.db.path)[.size] as? Int)
        cli.fileSizeLimit = size + (256 << 10)
    }

    @Test func ingestOnAFullDiskExits70AndFailsTheRun() async throws {
        var cli = try CLI.make("full-ingest")
        defer { cli.removeScratch() }
        #expect(try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path]).status == 0)
        let noise = try Self.noise(cli, bytes: 2 << 20)
        try fill(&cli)
        let full = try await cli.run(["ingest", "nccl-tests", noise.path])
        #expect(full.status == 70, "\(full)")
        #expect(full.stderr.contains("disk I/O error") && full.stderr.contains("is the disk full"), "\(full)")
        cli.fileSizeLimit = nil
        #expect(try SQLiteFile(cli.db).strings("SELECT status FROM runs ORDER BY id") == ["completed", "failed"])
    }

    @Test func runOnAFullDiskExits70AndFailsTheRun() async throws {
        var cli = try CLI.make("full-run")
        defer { cli.removeScratch() }
        #expect(try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path]).status == 0)
        let noise = try Self.noise(cli, bytes: 2 << 20)
        let suite = try cli.write("suite.yaml", """
            suite: full
            steps:
              - name: noisy
                command: [cat, \(noise.path)]
            """)
        try fill(&cli)
        let full = try await cli.run(["run", suite.path])
        #expect(full.status == 70, "\(full)")
        #expect(full.stderr.contains("run 2 could not be recorded and is marked failed"), "\(full)")
        #expect(full.stderr.contains("is the disk full"), "\(full)")
        #expect(full.runID == 2, "the run id is still printed\n\(full)")
        cli.fileSizeLimit = nil
        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT status FROM runs ORDER BY id") == ["completed", "failed"])
        #expect(try db.int("SELECT COUNT(*) FROM verdicts WHERE run_id = 2") == 0)
    }
}
