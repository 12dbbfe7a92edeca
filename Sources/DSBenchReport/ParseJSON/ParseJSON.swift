import DSBenchCore

/// What `dsbench parse KIND FILE` prints: one renderer per record kind.
public enum ParseJSON {
    public static func render(_ records: ParsedRecords) -> String {
        switch records {
        case .ncclTests(let report): return NcclTestsParseJSON.render(report)
        case .dmon(let capture): return SmiParseJSON.render(capture)
        case .queryGPU(let table): return SmiParseJSON.render(table)
        case .topo(let matrix): return SmiParseJSON.render(matrix)
        case .nvlink(let status): return SmiParseJSON.render(status)
        case .facts(let facts, let diagnostics): return SmiParseJSON.render(facts: facts, diagnostics: diagnostics)
        case .workload(let report): return WorkloadParseJSON.render(report)
        case .torchTrace(let trace): return WorkloadParseJSON.render(trace)
        }
    }
}
