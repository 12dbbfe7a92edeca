import DSBenchCore
import DSBenchTestSupport
import Testing
@testable import DSBenchStore

/// New database files get 16 KiB pages (the bulk-ingest setting); reopening keeps them.
@Suite struct PageSizeTests {
    @Test func newDatabasesUse16KiBPagesInWALMode() throws {
        let scratch = try ScratchStore("dsbench-pagesize")
        defer { scratch.cleanUp() }
        #expect(try scratch.store.queryRaw("PRAGMA page_size") == ["16384"])
        #expect(try scratch.store.queryRaw("PRAGMA journal_mode") == ["wal"])
        try scratch.reopen()
        #expect(try scratch.store.queryRaw("PRAGMA page_size") == ["16384"])
    }
}
