import ArgumentParser
import DSBenchStore

/// `RUN|latest` with `--suite`: `latest` is the suite's newest run, an id must belong to it.
struct RunSelection: ParsableArguments {
    @Argument(help: "Run id or `latest`.") var runRef: RunReference = RunReference(argument: "latest")!
    @Option(name: .long, help: "Suite name: `latest` means this suite's newest run.") var suite: String?

    func resolve(in store: Store) throws -> Int64 {
        guard let suite else { return try runRef.resolve(in: store) }
        switch runRef.kind {
        case .latest:
            guard let id = try store.runs(limit: 1, suite: suite).first?.id else {
                throw CommandFailure.usage("no runs of suite '\(suite)' in \(store.path); list runs with `dsbench runs`")
            }
            return id
        case .id:
            let id = try runRef.resolve(in: store)
            if let run = try store.runDetail(id: id)?.run, run.suiteName != suite {
                throw CommandFailure.usage("run \(id) is of suite '\(run.suiteName)', not '\(suite)'")
            }
            return id
        }
    }
}
