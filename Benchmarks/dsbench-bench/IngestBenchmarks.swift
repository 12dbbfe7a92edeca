import DSBenchCore
import DSBenchParse
import DSBenchStore
import Foundation

/// SQLite ingest rate: a large record set written through `Store.finishStep` (one transaction)
/// into a fresh database file per repetition. Only `finishStep` is timed: opening, migrating and
/// storing the raw artifact happen before.
enum IngestBenchmarks {
    static let ingestTarget = 500_000.0   // rows/s, from the issue

    /// nccl_results: the rows of the real captures, repeated to `options.ingestRows`, under the
    /// summary of a real all_reduce run.
    static func ncclResults(_ captures: CaptureSet, _ options: BenchOptions, scratch: URL) throws -> BenchmarkResult {
        let (_, pass, _) = try captures.ncclTestsLog(atLeast: 0)
        let source = NcclTestsParser.parse(pass).rows
        guard !source.isEmpty else { throw BenchError("no nccl-tests rows in the captures") }
        var report = NcclTestsParser.parse(try captures.bytes("b_all_reduce_8-8G_r1.txt"))
        report.rows = (0..<options.ingestRows).map { source[$0 % source.count] }
        let records = ParsedRecords.ncclTests(report)
        return try run(id: "ingest.nccl_results", title: "SQLite ingest nccl_results", records: records,
                       rows: report.rows.count, kind: .nccl, captures: captures, options: options, scratch: scratch,
                       input: "\(count(report.rows.count)) rows (\(source.count) real rows cycled)")
    }

    /// dmon_samples: the samples of the real dmon capture, repeated with increasing rounds.
    static func dmonSamples(_ captures: CaptureSet, _ options: BenchOptions, scratch: URL) throws -> BenchmarkResult {
        let (_, pass) = try captures.dmonLog(atLeast: 0)
        var capture = DmonParser.parse(pass)
        let source = capture.samples
        guard let lastRound = source.last?.round else { throw BenchError("no dmon samples in the capture") }
        capture.samples = (0..<options.ingestRows).map { index in
            var sample = source[index % source.count]
            sample.round += (index / source.count) * (lastRound + 1)
            return sample
        }
        return try run(id: "ingest.dmon_samples", title: "SQLite ingest dmon_samples", records: .dmon(capture),
                       rows: capture.samples.count, kind: .command, captures: captures, options: options,
                       scratch: scratch,
                       input: "\(count(capture.samples.count)) samples (\(source.count) real samples cycled)")
    }

    private static func run(id: String, title: String, records: ParsedRecords, rows: Int, kind: StepKind,
                            captures: CaptureSet, options: BenchOptions, scratch: URL,
                            input: String) throws -> BenchmarkResult {
        var repetitions = Repetitions()
        var diskBytes = 0
        for index in 0..<options.repetitions {
            let database = try ScratchStore.open(in: scratch, label: "\(id)-\(index)")
            let stepID = try database.steps([id], kind: kind)[0]
            let artifactID = try database.store.storeArtifacts(runID: database.runID, stepID: stepID,
                                                               node: ScratchStore.node,
                                                               [ArtifactInput(name: "bench.stdout", bytes: [0x0A])])[0]
            let completion = StepCompletion(stepID: stepID, status: .completed, endedAt: Date(),
                                            parsed: [(artifactID: artifactID, records: records)])
            let stopwatch = Stopwatch()
            try database.store.finishStep(completion)
            repetitions.add(stopwatch.stop())
            diskBytes = database.bytesOnDisk
            try database.close()
        }
        var result = BenchmarkResult(id: id, title: title, input: input, inputBytes: nil, repetitions: repetitions,
                                     amounts: [("rows/s", Double(rows), ingestTarget)])
        result.notes.append("Store.finishStep into a fresh WAL database per repetition (one transaction, "
            + "commit and WAL auto-checkpoint included); database + WAL after it: \(mib(diskBytes))")
        return result
    }
}
