import DSBenchCore

/// The one place that maps a stored `ParserKind` to its parser, so that `dsbench reparse`, ingest
/// and the engine parse an artifact the same way, under the same limits.
public enum Parsers {
    /// With the default limits; a refused artifact comes back as records of its kind holding
    /// nothing but an error diagnostic that says why.
    public static func parse(_ kind: ParserKind, _ bytes: [UInt8]) -> ParsedRecords {
        parse(kind, bytes, workload: nil)
    }

    /// `workload` carries a workload step's metric rules; other parsers ignore it.
    public static func parse(_ kind: ParserKind, _ bytes: [UInt8], workload: WorkloadSpec?) -> ParsedRecords {
        do {
            return try parse(kind, bytes, workload: workload, limits: ParseLimits())
        } catch {
            return refused(kind, error)
        }
    }

    /// Throws when the artifact, or what a gzip artifact inflates to, is larger than
    /// `limits.maxArtifactBytes` (nothing beyond the cap is read or allocated), and when the parse
    /// was stopped before its end: its task was cancelled, or `deadline` passed.
    public static func parse(_ kind: ParserKind, _ bytes: [UInt8], workload: WorkloadSpec?, limits: ParseLimits,
                             deadline: ContinuousClock.Instant? = nil) throws(ParseRefusal) -> ParsedRecords {
        let limit = limits.maxArtifactBytes
        guard bytes.count <= limit else { throw .tooLarge(bytes: bytes.count, limit: limit, inflated: false) }
        let outcome = ParseCancellation.run(deadline: deadline) { () -> Result<ParsedRecords, ParseRefusal> in
            do throws(ParseRefusal) {
                return .success(try dispatch(kind, bytes, workload: workload, limit: limit))
            } catch {
                return .failure(error)
            }
        }
        // A parser asked to stop returns what it has; that part must not pass for the whole.
        if outcome.stopped { throw .stopped(deadlinePassed: !Task.isCancelled) }
        return try outcome.result.get()
    }

    /// `parse(.ncclTests, …)` of bytes read once with the rows handed to `rows` in batches
    /// (`NcclTestsParser.parse(summarizingStreaming:)`): the same report but for its rows, under
    /// the same size limit. There is no deadline: a parse stopped part way would have handed
    /// over rows already, so the caller (ingest, never cancelled) streams only what may run to
    /// its end.
    public static func parseNcclTests(streaming buffer: UnsafeBufferPointer<UInt8>, limits: ParseLimits,
                                      consumed: (Int) -> Void = { _ in },
                                      rows: (inout [NcclTestsRow]) -> Void) throws(ParseRefusal) -> NcclTestsParser.Streamed {
        let limit = limits.maxArtifactBytes
        guard buffer.count <= limit else { throw .tooLarge(bytes: buffer.count, limit: limit, inflated: false) }
        return NcclTestsParser.parse(summarizingStreaming: buffer, consumed: consumed, rows: rows)
    }

    private static func dispatch(_ kind: ParserKind, _ bytes: [UInt8], workload: WorkloadSpec?,
                                 limit: Int) throws(ParseRefusal) -> ParsedRecords {
        switch kind {
        case .ncclTests: return .ncclTests(NcclTestsParser.parse(summarizing: bytes))
        case .ncclTestsJSON: return .ncclTests(NcclTestsJSONParser.parse(bytes))
        case .dmon: return .dmon(DmonParser.parse(bytes))
        case .queryGPU: return .queryGPU(GPUQueryParser.parse(bytes))
        case .topo: return .topo(TopologyParser.parse(bytes))
        case .nvlink: return .nvlink(NvlinkParser.parse(bytes))
        case .smiSummary: return facts(SystemFactsParser.smiSummary(bytes))
        case .uname: return facts(SystemFactsParser.uname(bytes))
        case .osRelease: return facts(SystemFactsParser.osRelease(bytes))
        case .workload: return .workload(WorkloadParser.parse(bytes, spec: workload))
        case .workloadLog: return .workload(WorkloadParser.parse(bytes, spec: nil))
        case .torchTrace: return .torchTrace(try TorchTraceParser.parseChecked(bytes, maxInflatedBytes: limit))
        case .smiQ: return .gpuHealth(SmiQuery.parse(bytes))
        case .smiHealth: return .gpuHealth(SmiHealthParser.parse(bytes))
        case .kernelLog: return .kernelLog(KernelLogParser.parse(bytes))
        case .nvlinkErrors: return .gpuHealth(NvlinkErrorsParser.parse(bytes))
        case .nvbandwidth: return .nvbandwidth(NvbandwidthParser.parse(bytes))
        case .ncuCSV: return .ncu(NcuCSVParser.parse(bytes))
        case .nsysStats: return .nsysStats(NsysStatsParser.parse(bytes))
        }
    }

    /// Records of `kind` with nothing in them but the reason they are empty.
    public static func refused(_ kind: ParserKind, _ refusal: ParseRefusal) -> ParsedRecords {
        let diagnostics = [Diagnostic(.error, refusal.description)]
        switch kind {
        case .ncclTests, .ncclTestsJSON:
            var report = NcclTestsReport()
            report.diagnostics = diagnostics
            return .ncclTests(report)
        case .dmon: return .dmon(DmonCapture(diagnostics: diagnostics))
        case .queryGPU: return .queryGPU(GPUQueryTable(diagnostics: diagnostics))
        case .topo: return .topo(TopologyMatrix(diagnostics: diagnostics))
        case .nvlink: return .nvlink(NvlinkStatus(diagnostics: diagnostics))
        case .smiSummary, .uname, .osRelease: return .facts([:], diagnostics: diagnostics)
        case .workload, .workloadLog: return .workload(WorkloadReport(diagnostics: diagnostics))
        case .torchTrace: return .torchTrace(TorchTraceReport(diagnostics: diagnostics))
        case .smiQ, .smiHealth, .nvlinkErrors:
            return .gpuHealth(GPUHealthReport(source: kind.rawValue, diagnostics: diagnostics))
        case .kernelLog: return .kernelLog(KernelLogReport(diagnostics: diagnostics))
        case .nvbandwidth: return .nvbandwidth(NvbandwidthReport(diagnostics: diagnostics))
        case .ncuCSV: return .ncu(NcuReport(diagnostics: diagnostics))
        case .nsysStats: return .nsysStats(NsysStatsReport(diagnostics: diagnostics))
        }
    }

    private static func facts(_ parsed: ParsedFacts) -> ParsedRecords {
        .facts(parsed.facts, diagnostics: parsed.diagnostics)
    }
}

/// Why an artifact was not parsed, or not to its end.
public enum ParseRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Larger than `limit` bytes; `inflated`: a gzip artifact that inflates past it (`bytes` is
    /// then nil: inflating stopped at the limit, so the full size is unknown).
    case tooLarge(bytes: Int?, limit: Int, inflated: Bool)
    /// Stopped before its end: the deadline passed (`deadlinePassed`) or the task was cancelled.
    case stopped(deadlinePassed: Bool)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit, let inflated):
            let size = inflated ? "inflates to more than \(ByteCount.text(limit))"
                : bytes.map { "is \(ByteCount.text($0)), more than \(ByteCount.text(limit))" }
                ?? "is more than \(ByteCount.text(limit))"
            return "not parsed: the artifact \(size), the most an artifact may be "
                + "(max_artifact_bytes; raise it in the suite's defaults, or with --max-artifact-bytes)"
        case .stopped(let deadline):
            return deadline ? "parsing did not finish within the command's timeout and was stopped"
                            : "parsing was cancelled"
        }
    }
}

/// `1 GiB`, `512 MiB`, `3.5 KiB`, `100 bytes`.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        let units = [("GiB", 30), ("MiB", 20), ("KiB", 10)]
        for (unit, shift) in units where bytes >= 1 << shift {
            let value = Double(bytes) / Double(1 << shift)
            return value == value.rounded() ? "\(Int(value)) \(unit)" : "\((value * 10).rounded() / 10) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
