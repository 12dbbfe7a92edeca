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

    /// The default as `--help` shows it. Given here because ArgumentParser's own (`"\(self)"`)
    /// reflects on the value, and each protocol it tries on a type is a scan of every conformance
    /// record in the binary: 3.9 M instructions of the 77 M of `dsbench show` (callgrind), though
    /// no help was asked for.
    var defaultValueDescription: String {
        switch kind {
        case .latest: return "latest"
        case .id(let id): return String(id)
        }
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
