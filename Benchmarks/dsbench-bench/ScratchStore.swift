import DSBenchCore
import DSBenchStore
import Foundation

/// A fresh database file for one repetition, removed (with its WAL) when done, so that every
/// repetition writes into an empty store the same way.
struct ScratchStore {
    let store: Store
    let path: String
    let runID: Int64

    static func open(in directory: URL, label: String) throws -> ScratchStore {
        let path = directory.appendingPathComponent("\(label).db").path
        remove(path)
        let store = try Store.open(path: path)
        let runID = try store.createRun(NewRun(suiteName: "bench-\(label)", suiteHash: "", source: .ingest,
                                               startedAt: Date(), dsbenchVersion: "bench"))
        try store.recordNode(runID: runID, name: node)
        return ScratchStore(store: store, path: path, runID: runID)
    }

    static let node = "vm"

    /// Planned steps, one per name, in order.
    func steps(_ names: [String], kind: StepKind) throws -> [Int64] {
        try store.insertPlannedSteps(runID: runID, steps: names.enumerated().map { seq, name in
            PlannedStep(seq: seq, name: name, kind: kind, node: Self.node,
                        commands: [PlannedCommand(label: "ingest", argv: [], timeoutSeconds: 0)])
        })
    }

    /// Size of the database file and its WAL.
    var bytesOnDisk: Int {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }

    func close() throws {
        try store.close()
        Self.remove(path)
    }

    private static func remove(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
    }
}

/// A directory for the scratch databases, removed at exit by `main`.
func makeBenchDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dsbench-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
