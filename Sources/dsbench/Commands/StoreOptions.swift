import ArgumentParser
import DSBenchCore
import DSBenchStore
import Foundation

/// `--db PATH`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite file (default: $DSBENCH_DB, else ./dsbench.db).")
    var db: String?

    var path: String {
        StoreLocation.resolve(flag: db, environment: ProcessInfo.processInfo.environment)
    }

    func open() throws -> Store {
        do {
            let store = try Store.open(path: path)
            _ = try store.markInterruptedRuns(currentHost: LocalHost.name)
            return store
        } catch {
            Console.error(error.description)
            throw Exit.internalError
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
