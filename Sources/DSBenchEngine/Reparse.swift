import DSBenchCore
import DSBenchParse
import DSBenchStore

/// Rebuilds every parsed table of a run from its stored raw artifacts (after a parser fix, say).
public enum Reparser {
    public struct Outcome: Sendable {
        public var artifacts: Int
        public var diagnostics: Int
        /// Health-rule findings recomputed from the new records.
        public var findings: [Finding] = []
    }

    /// An artifact refused under `limits` keeps no records, only the diagnostic that says why.
    public static func reparse(runID: Int64, store: Store, limits: ParseLimits = ParseLimits()) throws -> Outcome {
        let artifacts = ParseSelection.parsable(try store.artifacts(runID: runID), stepID: \.stepID, parser: \.parser,
                                                bytes: \.bytes)
        var parsed: [(stepID: Int64?, node: String, artifactID: Int64, records: ParsedRecords)] = []
        var diagnostics = 0
        let workloadSpecs = try store.workloadSpecs(runID: runID)
        for artifact in artifacts {
            guard let parser = artifact.parser else { continue }
            let spec = artifact.stepID.flatMap { workloadSpecs[$0] }
            let records: ParsedRecords
            do {
                records = try Parsers.parse(parser, artifact.bytes, workload: spec, limits: limits)
            } catch {
                records = Parsers.refused(parser, error)
            }
            diagnostics += records.diagnostics.count
            parsed.append((stepID: artifact.stepID, node: artifact.node, artifactID: artifact.id, records: records))
        }
        try store.replaceParsedRecords(runID: runID, parsed: parsed)
        let findings = try HealthPass.evaluate(runID: runID, store: store)
        return Outcome(artifacts: parsed.count, diagnostics: diagnostics, findings: findings)
    }
}
