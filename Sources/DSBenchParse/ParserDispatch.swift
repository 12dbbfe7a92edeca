import DSBenchCore

/// The one place that maps a stored `ParserKind` to its parser, so that `dsbench reparse` and the
/// engine parse an artifact the same way.
public enum Parsers {
    public static func parse(_ kind: ParserKind, _ bytes: [UInt8]) -> ParsedRecords {
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
        }
    }

    private static func facts(_ parsed: ParsedFacts) -> ParsedRecords {
        .facts(parsed.facts, diagnostics: parsed.diagnostics)
    }
}
