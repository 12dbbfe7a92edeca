import ArgumentParser
import DSBenchStore

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
                throw CommandFailure.usage("run \(id) not found in \(store.path); list runs with `dsbench runs`")
            }
            return id
        case .latest:
            guard let id = try store.latestRunID() else {
                throw CommandFailure.usage("no runs in \(store.path) yet; start one with `dsbench run SUITE` or `dsbench ingest`")
            }
            return id
        }
    }
}
