import DSBenchCore
@testable import DSBenchStore
import Foundation
import Testing

/// `Store.snapshot`: the reads of a read-only command share one read transaction, so a run stored
/// by another process while `show` reads it is seen whole or not at all.
@Suite struct SnapshotTests {
    struct Refused: Error, Equatable {}

    @Test func readsInASnapshotSeeOneStateOfTheFile() throws {
        let scratch = try ScratchStore("dsbench-snapshot")
        defer { scratch.cleanUp() }
        let first = try scratch.store.createRun(Sample.newRun())
        let reader = try Store.openReadOnly(path: scratch.path, currentHost: nil)
        var second: Int64 = 0
        let (before, after) = try reader.snapshot {
            let before = try reader.latestRunID()
            second = try scratch.store.createRun(Sample.newRun())   // another connection, meanwhile
            #expect(try scratch.store.latestRunID() == second)
            return (before, try reader.latestRunID())
        }
        #expect(before == first && after == first, "the snapshot saw the run stored during it")
        #expect(second > first)
        #expect(try reader.latestRunID() == second, "after the snapshot, reads see the file as it is")
    }

    @Test func readsOutsideASnapshotEachSeeTheFileAsItIs() throws {
        let scratch = try ScratchStore("dsbench-snapshot")
        defer { scratch.cleanUp() }
        let first = try scratch.store.createRun(Sample.newRun())
        let reader = try Store.openReadOnly(path: scratch.path, currentHost: nil)
        #expect(try reader.latestRunID() == first)
        let second = try scratch.store.createRun(Sample.newRun())
        #expect(try reader.latestRunID() == second)
    }

    @Test func theBodysErrorComesOutAsItIsAndTheStoreReadsOn() throws {
        let scratch = try ScratchStore("dsbench-snapshot")
        defer { scratch.cleanUp() }
        let first = try scratch.store.createRun(Sample.newRun())
        let reader = try Store.openReadOnly(path: scratch.path, currentHost: nil)
        #expect(throws: Refused()) {
            try reader.snapshot {
                _ = try reader.latestRunID()
                throw Refused()
            }
        }
        let nested = try reader.snapshot { try reader.snapshot { try reader.latestRunID() } }
        #expect(nested == first)
        let second = try scratch.store.createRun(Sample.newRun())
        #expect(try reader.latestRunID() == second, "no read transaction was left open by the failed body")
    }

    @Test func onAStoreOfSeveralConnectionsTheBodyRunsAsItIs() throws {
        let scratch = try ScratchStore("dsbench-snapshot")
        defer { scratch.cleanUp() }
        let first = try scratch.store.createRun(Sample.newRun())
        let seen = try scratch.store.snapshot { try scratch.store.latestRunID() }
        #expect(seen == first)
    }
}
