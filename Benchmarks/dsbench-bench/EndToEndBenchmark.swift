import DSBenchCore
import DSBenchParse
import DSBenchStore
import Foundation

/// End-to-end ingest of the real capture set, the way `dsbench ingest` does it: per file one
/// step, its raw bytes stored (compressed, hashed) in their own transaction, parsed with
/// `Parsers.parse`, then the records and the step's end in one `finishStep` transaction.
/// The set is small, so each repetition ingests it `options.endToEndPasses` times into one
/// fresh database: this measures per-file overhead (transactions, compression) as much as parsing.
enum EndToEndBenchmark {
    static func run(_ captures: CaptureSet, _ options: BenchOptions, scratch: URL) throws -> BenchmarkResult {
        let files = try captures.parsedCaptures().map { (name: $0.name, kind: $0.kind, bytes: try captures.bytes($0.name)) }
        let passes = options.endToEndPasses
        let work = (0..<passes).flatMap { _ in files }
        let totalBytes = work.reduce(0) { $0 + $1.bytes.count }
        var repetitions = Repetitions()
        var phaseTimes: [String: [Double]] = [:]
        var records = 0
        var empty: Set<String> = []
        for index in 0..<options.repetitions {
            let database = try ScratchStore.open(in: scratch, label: "e2e-\(index)")
            var store = Timing.zero, parse = Timing.zero, finish = Timing.zero
            records = 0
            let stopwatch = Stopwatch()
            let stepIDs = try database.steps(work.map(\.name), kind: .command)
            for (file, stepID) in zip(work, stepIDs) {
                let storeClock = Stopwatch()
                let artifactID = try database.store.storeArtifacts(
                    runID: database.runID, stepID: stepID, node: ScratchStore.node,
                    [ArtifactInput(name: "ingest.stdout", parser: file.kind, bytes: file.bytes)])[0]
                store = store + storeClock.stop()
                let parseClock = Stopwatch()
                let parsed = Parsers.parse(file.kind, file.bytes)
                parse = parse + parseClock.stop()
                records += recordCount(parsed)
                if recordCount(parsed) == 0 { empty.insert(file.name) }
                let finishClock = Stopwatch()
                try database.store.finishStep(StepCompletion(stepID: stepID, status: .completed, endedAt: Date(),
                                                             parsed: [(artifactID: artifactID, records: parsed)]))
                finish = finish + finishClock.stop()
            }
            try database.store.finishRun(id: database.runID, status: .completed, endedAt: Date())
            repetitions.add(stopwatch.stop())
            phaseTimes["storeArtifacts (zlib + sha256 + insert)", default: []].append(store.wall)
            phaseTimes["Parsers.parse", default: []].append(parse.wall)
            phaseTimes["finishStep (records + step)", default: []].append(finish.wall)
            try database.close()
        }
        var result = BenchmarkResult(
            id: "e2e.ingest", title: "end-to-end ingest (real captures)",
            input: "\(files.count) captures × \(passes) = \(work.count) files, \(mib(totalBytes)), "
                + "\(count(records)) records",
            inputBytes: totalBytes, repetitions: repetitions,
            amounts: [("files/s", Double(work.count), nil), ("MB/s", megabytes(totalBytes), nil)])
        result.phases = phaseTimes.sorted { $0.key < $1.key }.map {
            BenchmarkResult.Phase(name: $0.key, medianSeconds: Repetitions.median($0.value))
        }
        let kinds = Dictionary(grouping: files, by: \.kind.rawValue).map { "\($0.key) \($0.value.count)" }.sorted()
        result.notes.append("files per pass by parser: " + kinds.joined(separator: ", "))
        // A capture its parser found nothing in was not ingested the way a user's would be.
        if !empty.isEmpty { result.notes.append("CHECK: no records parsed from " + empty.sorted().joined(separator: ", ")) }
        return result
    }

    /// Rows the store gets from one parse (facts count one each).
    private static func recordCount(_ records: ParsedRecords) -> Int {
        switch records {
        case .ncclTests(let report): return report.rows.count
        case .dmon(let capture): return capture.samples.count
        case .queryGPU(let table): return table.records.count
        case .topo, .nvlink, .workload, .torchTrace: return 1   // one record set (the last two are not in the set)
        case .gpuHealth(let report): return report.gpus.count
        case .kernelLog(let report): return report.events.count + report.lines
        case .ncu(let report): return report.kernels.count
        case .nsysStats(let report): return report.tables.count
        case .facts(let facts, _): return facts.count
        case .nvbandwidth(let report): return report.testcases.reduce(0) { $0 + $1.cells.count }
        }
    }
}
