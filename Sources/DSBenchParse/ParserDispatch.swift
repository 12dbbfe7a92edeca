import DSBenchCore

/// The one place that maps a stored `ParserKind` to its parser, so that `dsbench reparse` and the
/// engine parse an artifact the same way.
public enum Parsers {
    public static func parse(_ kind: ParserKind, _ bytes: [UInt8]) -> ParsedRecords {
        parse(kind, bytes, workload: nil)
    }

    /// `workload` carries a workload step's metric rules; other parsers ignore it.
    public static func parse(_ kind: ParserKind, _ bytes: [UInt8], workload: WorkloadSpec?) -> ParsedRecords {
        switch kind {
        case .ncclTests: return .ncclTests(NcclTestsParser.parse(bytes))
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
        case .torchTrace: return .torchTrace(TorchTraceParser.parse(bytes))
        }
    }

    private static func facts(_ parsed: ParsedFacts) -> ParsedRecords {
        .facts(parsed.facts, diagnostics: parsed.diagnostics)
    }
}
