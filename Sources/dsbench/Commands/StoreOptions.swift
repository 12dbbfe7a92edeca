import ArgumentParser
import DSBenchCore
import DSBenchExec
import DSBenchStore
import Foundation

/// `--db PATH`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite file (default: $DSBENCH_DB, else ./dsbench.db).")
    var db: String?

    var path: String {
        StoreLocation.resolve(flag: db, environment: ProcessInfo.processInfo.environment)
    }

    /// For commands that write: creates and migrates the database as needed, and records runs
    /// whose dsbench process is gone as interrupted.
    func open() throws -> Store {
        do {
            let store = try Store.open(path: path)
            try Self.stopLeftovers(of: store.markInterruptedRuns(currentHost: LocalHost.name), in: store)
            return store
        } catch {
            throw Self.exit(for: error)
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
    func openLocked(purpose: String) throws -> (Store, RunLock) {
        let store = try open()
        return (store, try RunLock.acquire(database: store.path, purpose: purpose))
    }

    /// For commands that only read (`runs`, `show`, `report`, `trend`, `baseline list/show`):
    /// never creates, migrates or writes (a read-only mount, another user's 0444 file).
    func openReadOnly() throws -> Store {
        do {
            let store = try Store.openReadOnly(path: path, currentHost: LocalHost.name)
            try Self.stopLeftovers(of: store.abandonedRunIDs, in: store)
            return store
        } catch {
            throw Self.exit(for: error)
        }
    }

    /// A database that is missing, not dsbench's or not yet migrated is the user's choice of
    /// file (64); anything else the store refuses is 70.
    static func exit(for error: StoreError) -> ExitCode {
        Console.error(error.description)
        switch error.kind {
        case .noDatabase, .notDsbench, .needsMigration: return Exit.usage
        default: return Exit.internalError
        }
    }
}

/// `RUN` arguments accept a number or `latest`.
struct RunReference: ExpressibleByArgument {
    enum Kind { case latest, id(Int64) }
    let kind: Kind

    init?(argument: String) {
        if argument == "latest" { kind = .latest }
        else if let id = Int64(argument), id > 0 { kind = .id(id) }
        else { return nil }
    }

    func resolve(in store: Store) throws -> Int64 {
        switch kind {
        case .id(let id):
            guard try store.runExists(id: id) else {
                Console.error("run \(id) not found in \(store.path); list runs with `dsbench runs`")
                throw Exit.usage
            }
            return id
        case .latest:
            guard let id = try store.latestRunID() else {
                Console.error("no runs in \(store.path) yet; start one with `dsbench run SUITE` or `dsbench ingest`")
                throw Exit.usage
            }
            return id
        }
    }
}
