import DSBenchCore
import DSBenchParse
import DSBenchStore
import Foundation

/// Imports logs produced outside dsbench: each file becomes a step whose stdout artifact is the
/// file's bytes, stored before it is parsed, so that `reparse` works on ingested runs too.
public struct Ingestor: Sendable {
    let store: Store
    let version: String
    let limits: ParseLimits
    let clock: @Sendable () -> Date

    public init(store: Store, version: String, limits: ParseLimits = ParseLimits(),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store; self.version = version; self.limits = limits; self.clock = clock
    }

    public struct File: Sendable {
        public var kind: ParserKind
        public var path: String
        /// The file's bytes; empty for a mapped file.
        public var bytes: [UInt8]
        /// A large nccl-tests capture read in place (`streams`): its raw bytes and rows pass
        /// through in pieces, never held whole.
        public var mapped: MappedFile?
        /// The step's name; nil: the file's name.
        public var stepName: String?
        /// When the capture was made, where its producer recorded it; nil: the moment of ingest.
        public var startedAt: Date?
        public var endedAt: Date?
        public init(kind: ParserKind, path: String, bytes: [UInt8], stepName: String? = nil,
                    startedAt: Date? = nil, endedAt: Date? = nil) {
            self.kind = kind; self.path = path; self.bytes = bytes; self.stepName = stepName
            self.startedAt = startedAt; self.endedAt = endedAt
        }

        /// Only nccl-tests text has a parser that hands its rows over as it reads: a file of
        /// another kind is read whole here.
        public init(kind: ParserKind, path: String, mapped: MappedFile, stepName: String? = nil) {
            self.init(kind: kind, path: path, bytes: kind == .ncclTests ? [] : Array(mapped.buffer), stepName: stepName)
            if kind == .ncclTests { self.mapped = mapped }
        }

        var size: Int { mapped?.buffer.count ?? bytes.count }
        var streams: Bool { mapped != nil }
    }

    /// From this size an nccl-tests capture is worth reading in place (`File(mapped:)`): below
    /// it, a batch of files shares its transactions and cores, which matters more.
    public static let streamingBytes = 8 << 20

    public struct Outcome: Sendable {
        public var runID: Int64
        /// Per file: its name and the diagnostics its parser reported.
        public var files: [(name: String, rows: Int, diagnostics: [Diagnostic])]
        /// Files in which no record at all was found.
        public var unparseable: [String]
        /// Health-rule findings of the whole run after this ingest (also stored, source `rules`).
        public var findings: [Finding] = []
    }

    /// Ingests into `runID` when given (appending steps), else into a new run named `suiteName`.
    public func ingest(_ files: [File], node: String, runID existing: Int64?,
                       suiteName: String = "ingest") throws -> Outcome {
        let runID: Int64
        if let existing {
            guard try store.runExists(id: existing) else {
                throw IngestError(description: "run \(existing) does not exist; list runs with `dsbench runs`")
            }
            runID = existing
        } else {
            runID = try store.createRun(NewRun(
                suiteName: suiteName, suiteHash: "", suiteText: nil, source: .ingest, startedAt: clock(),
                dsbenchVersion: version, user: EnvironmentVariable.value("USER"),
                host: LocalHost.name, pid: getpid(), labels: [:]))
        }
        do {
            return try ingest(files, node: node, into: runID, finishing: existing == nil)
        } catch {
            // Best effort: a new run the store refused to fill is failed, not left `running`.
            if existing == nil { try? store.finishRun(id: runID, status: .failed, endedAt: clock()) }
            throw error
        }
    }

    private func ingest(_ files: [File], node: String, into runID: Int64, finishing: Bool) throws -> Outcome {
        try store.recordNode(runID: runID, name: node, hostname: nil, status: .ok, error: nil)
        let firstSeq = try store.nextStepSeq(runID: runID)
        let steps = files.enumerated().map { offset, file in
            PlannedStep(seq: firstSeq + offset, name: file.stepName ?? (file.path as NSString).lastPathComponent,
                        kind: stepKind(for: file.kind), node: node,
                        commands: [PlannedCommand(label: "ingest", argv: [], timeoutSeconds: 0, parser: file.kind)])
        }
        let stepIDs = try store.insertPlannedSteps(runID: runID, steps: steps)
        var report: [(name: String, rows: Int, diagnostics: [Diagnostic])] = []
        var unparseable: [String] = []
        for segment in Self.segments(files) {
            if segment.count == 1, let mapped = files[segment.lowerBound].mapped {
                let i = segment.lowerBound
                let (rows, diagnostics) = try ingestStreamed(files[i], mapped: mapped, stepID: stepIDs[i], node: node,
                                                             runID: runID)
                if rows == 0 { unparseable.append(files[i].path) }
                report.append((files[i].path, rows, diagnostics))
                continue
            }
            let batchFiles = Array(files[segment]), batchSteps = Array(stepIDs[segment])
            // Raw bytes first, in one transaction (compressed and hashed in parallel before it),
            // so that whatever a parser does, the files are kept; then the parses, in parallel
            // (pure), and every step of the batch finished in one transaction as they end.
            var raw: [(stepID: Int64, input: ArtifactInput)] = []
            for (stepID, file) in zip(batchSteps, batchFiles) {
                raw.append((stepID: stepID, input: ArtifactInput(name: Self.artifactName, parser: file.kind, bytes: file.bytes)))
            }
            let ids = try store.storeStepArtifacts(runID: runID, node: node, raw)
            let limits = limits
            // Each step is written as soon as its file is parsed, while the next files are parsed
            // on the other cores (the writes are one connection's, serial): written after all
            // the parses, they were 18 M instructions on one core after 22 M on two (callgrind).
            try store.finishSteps("finishing the steps of \(batchFiles.count) file(s)") { finish in
                try ParallelMap.pipeline(batchFiles, { (file: File) -> (ParsedRecords, ParseRefusal?) in
                    do throws(ParseRefusal) {
                        return (try Parsers.parse(file.kind, file.bytes, workload: nil, limits: limits), nil)
                    } catch {
                        // Stored raw, not parsed: the step says why, its one diagnostic too.
                        return (Parsers.refused(file.kind, error), error)
                    }
                }, consume: { index, parsed in
                    let (file, stepID, artifactID) = (batchFiles[index], batchSteps[index], ids[index])
                    let (records, refusal) = parsed
                    let count = RecordCount.of(records)
                    if count == 0 { unparseable.append(file.path) }
                    try finish(completion(of: file, stepID: stepID, records: count, refusal: refusal,
                                          parsed: [(artifactID: artifactID, records: records)]))
                    report.append((file.path, count, records.diagnostics))
                })
            }
        }
        // An nccl-tests log with NCCL_DEBUG=INFO lines in it is diagnosed as it is ingested. The
        // findings are stored before the run is completed: a kill in between leaves it `running`
        // (then interrupted), never a completed run whose wrong elements nobody recorded.
        let findings = try HealthPass.evaluate(runID: runID, store: store)
        if finishing {
            try store.finishRun(id: runID, status: unparseable.isEmpty ? .completed : .failed, endedAt: clock())
        }
        return Outcome(runID: runID, files: report, unparseable: unparseable, findings: findings)
    }
}

extension Ingestor {
    static let artifactName = "ingest.stdout"

    /// One file read in place: its raw bytes stored a piece at a time (committed before the
    /// parse, as for a batch), then its rows written as they are parsed, with the step, in one
    /// transaction. Returns the records found and the parser's diagnostics.
    private func ingestStreamed(_ file: File, mapped: MappedFile, stepID: Int64, node: String, runID: Int64) throws
        -> (records: Int, diagnostics: [Diagnostic]) {
        let artifactID = try store.storeStepArtifact(runID: runID, stepID: stepID, node: node, name: Self.artifactName,
                                                     parser: file.kind, streaming: mapped.buffer,
                                                     consumed: { mapped.release(before: $0) })
        mapped.releaseAll()
        let limits = limits
        var refusal: ParseRefusal?
        let written = try store.finishStep(streamingNcclOf: artifactID, stepID: stepID, parse: { sink in
            do throws(ParseRefusal) {
                let streamed = try Parsers.parseNcclTests(streaming: mapped.buffer, limits: limits,
                                                          consumed: { mapped.release(before: $0) }, rows: sink)
                return (streamed.report, streamed.rowCount)
            } catch {
                refusal = error
                guard case .ncclTests(let report) = Parsers.refused(file.kind, error) else { return (NcclTestsReport(), 0) }
                return (report, 0)
            }
        }, completion: { report, rowCount in
            completion(of: file, stepID: stepID, records: rowCount + RecordCount.of(.ncclTests(report)), refusal: refusal)
        })
        mapped.releaseAll()
        return (written.rowCount + RecordCount.of(.ncclTests(written.report)), written.report.diagnostics)
    }

    /// How a file's step ends: failed when nothing was found in it (or its parse was refused).
    private func completion(of file: File, stepID: Int64, records count: Int, refusal: ParseRefusal?,
                            parsed: [(artifactID: Int64, records: ParsedRecords)] = []) -> StepCompletion {
        let now = clock()
        return StepCompletion(
            stepID: stepID, status: count == 0 ? .failed : .completed,
            startedAt: file.startedAt ?? now, endedAt: file.endedAt ?? file.startedAt ?? now,
            error: refusal.map { "\(file.path): \($0)" }
                ?? (count == 0 ? "no \(file.kind.rawValue) records found in \(file.path)" : nil),
            parsed: parsed)
    }

    /// The files in order: runs of files taken together, and each file read in place alone.
    static func segments(_ files: [File]) -> [Range<Int>] {
        var segments: [Range<Int>] = []
        var start = 0
        func flush(to end: Int) {
            guard start < end else { return }
            segments += batches(of: end - start, bytes: files[start..<end].map(\.size)).map {
                ($0.lowerBound + start)..<($0.upperBound + start)
            }
        }
        for (i, file) in files.enumerated() where file.streams {
            flush(to: i)
            segments.append(i..<(i + 1))
            start = i + 1
        }
        flush(to: files.count)
        return segments
    }

    /// Consecutive files taken together: up to 64 files or 64 MiB of input a batch (at least one
    /// file), so that a batch's parsed records, held until its transaction, stay bounded.
    static func batches(of count: Int, bytes: [Int], maxFiles: Int = 64, maxBytes: Int = 64 << 20) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0, total = 0
        for i in 0..<count {
            if i > start, i - start >= maxFiles || total + bytes[i] > maxBytes {
                ranges.append(start..<i)
                start = i
                total = 0
            }
            total += bytes[i]
        }
        if start < count { ranges.append(start..<count) }
        return ranges
    }
}

/// The kind of step that would have produced such a log.
private func stepKind(for parser: ParserKind) -> StepKind {
    switch parser {
    case .ncclTests, .ncclTestsJSON: return .nccl
    case .dmon: return .command
    case .queryGPU, .topo, .nvlink, .smiSummary, .uname, .osRelease: return .inventory
    case .workload, .workloadLog, .torchTrace, .ncuCSV, .nsysStats: return .workload
    case .smiQ, .smiHealth, .kernelLog, .nvlinkErrors: return .inventory
    case .nvbandwidth: return .nvbandwidth
    }
}

public struct IngestError: Error, CustomStringConvertible {
    public let description: String
}

/// How many records a parse produced: the measure of "found nothing parseable".
public enum RecordCount {
    public static func of(_ records: ParsedRecords) -> Int {
        switch records {
        // A standalone NCCL_DEBUG log has no rows but its debug lines are records too.
        case .ncclTests(let r): return r.rows.count + r.devices.count + r.errors.count + (r.transport?.lineCount ?? r.ncclDebugLines.count)
        case .dmon(let r): return r.samples.count
        case .queryGPU(let r): return r.records.count
        case .topo(let r): return r.rows.count
        case .nvlink(let r): return r.gpus.count
        case .facts(let f, _): return f.count
        case .workload(let r): return r.series.reduce(0) { $0 + $1.samples.count } + r.failures.count
        case .torchTrace(let r): return r.kernelEvents
        case .gpuHealth(let r): return r.gpus.count
        // A clean kernel log holds no Xid: its lines are what was read.
        case .kernelLog(let r): return r.events.count + r.lines
        case .nvbandwidth(let r): return r.testcases.count
        case .ncu(let r): return r.kernels.count
        case .nsysStats(let r): return r.tables.reduce(0) { $0 + $1.rows.count } + r.traceKernels
        }
    }
}
