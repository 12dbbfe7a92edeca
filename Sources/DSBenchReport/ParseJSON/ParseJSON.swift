import DSBenchCore

/// What `dsbench parse KIND FILE` prints: one renderer per record kind.
public enum ParseJSON {
    /// The same JSON as `render`, handed to `sink` in pieces: the records of a large capture go out
    /// one by one instead of as one string (which, with its copy for writing, was 6× the input).
    public static func write(_ records: ParsedRecords, to sink: (String) -> Void) {
        switch records {
        case .ncclTests(let report): JSONWriter.write(NcclTestsParseJSON.value(report), to: sink)
        case .dmon(let capture): JSONWriter.write(SmiParseJSON.value(capture), to: sink)
        case .queryGPU(let table): JSONWriter.write(SmiParseJSON.value(table), to: sink)
        default: sink(render(records))
        }
    }

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
        case .gpuHealth(let report): return GPUHealthParseJSON.render(report)
        case .kernelLog(let report): return GPUHealthParseJSON.render(report)
        case .nvbandwidth(let report): return NvbandwidthParseJSON.render(report)
        case .ncu(let report): return ProfileParseJSON.render(report)
        case .nsysStats(let report): return ProfileParseJSON.render(report)
        }
    }
}
