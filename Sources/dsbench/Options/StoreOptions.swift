import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchStore
import Foundation

/// `--db PATH`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite file (default: $DSBENCH_DB, else ./dsbench.db).")
    var db: String?

    var path: String {
        StoreLocation.resolve(flag: db, environment: EnvironmentVariable.value(StoreLocation.environmentVariable).map { [StoreLocation.environmentVariable: $0] } ?? [:])
    }

    /// For commands that write: creates and migrates the database as needed, and records runs
    /// whose dsbench process is gone as interrupted.
    func open(connections: Store.Connections = .pool) throws -> Store {
        do {
            let store = try Store.open(path: path, connections: connections)
            try Self.stopLeftovers(of: store.markInterruptedRuns(currentHost: LocalHost.name), in: store)
            return store
        } catch {
            throw CommandFailure(opening: error)
        }
    }

    /// A run whose dsbench is gone may have left local processes running (its watchdog killed
    /// too): stop those that carry its token. Remote ones were stopped by the wrapper's watchdog
    /// when the SSH connection closed (`RemoteCommand`).
    static func stopLeftovers(of runIDs: [Int64], in store: Store) throws(StoreError) {
        for (runID, token) in try store.processTokens(runIDs: runIDs).sorted(by: { $0.key < $1.key }) {
            let stopped = LeftoverProcesses.stop(token: token)
            if !stopped.isEmpty {
                Console.info("run \(runID) was interrupted: stopped \(stopped.count) process(es) it left running "
                    + "(pid \(stopped.map(String.init).joined(separator: ", ")))")
            }
        }
    }

    /// For commands that change what a running run uses: also takes the run lock (exit 75 while a
    /// run or check holds it). Keep the lock until the command is done.
    func openLocked(purpose: String, connections: Store.Connections = .pool) throws -> (Store, RunLock) {
        let store = try open(connections: connections)
        return (store, try Self.lock(store, purpose: purpose))
    }

    /// The run lock of `store`'s database, or the failure of not getting it.
    static func lock(_ store: Store, purpose: String? = nil) throws(CommandFailure) -> RunLock {
        do {
            return try RunLock.acquire(database: store.path, purpose: purpose)
        } catch {
            throw CommandFailure(error)
        }
    }

    /// For commands that only read (`runs`, `show`, `report`, `trend`, `baseline list/show`):
    /// never creates, migrates or writes (a read-only mount, another user's 0444 file).
    func openReadOnly() throws -> Store {
        do {
            let store = try Store.openReadOnly(path: path, currentHost: LocalHost.name)
            try Self.stopLeftovers(of: store.abandonedRunIDs, in: store)
            return store
        } catch {
            throw CommandFailure(opening: error)
        }
    }
}
