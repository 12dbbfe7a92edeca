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
        let stored = try store.artifacts(runID: runID)
        let artifacts = ParseSelection.parsable(stored, stepID: \.stepID, parser: \.parser, bytes: \.bytes)
        var parsed: [(stepID: Int64?, node: String, artifactID: Int64, records: ParsedRecords)] = []
        var diagnostics = 0
        let workloadSpecs = try store.workloadSpecs(runID: runID)
        for artifact in artifacts {
            guard let parser = artifact.parser else { continue }
            if artifact.stepID == nil, parser == .dmon, let windows = runCaptureWindows(of: artifact, in: stored) {
                for part in RunCaptures.records(parser: parser, bytes: artifact.bytes, windows: windows, limits: limits) {
                    diagnostics += part.records.diagnostics.count
                    parsed.append((stepID: part.stepID, node: artifact.node, artifactID: artifact.id, records: part.records))
                }
                continue
            }
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
        return Outcome(artifacts: Set(parsed.map(\.artifactID)).count, diagnostics: diagnostics, findings: findings)
    }

    /// The windows stored beside a run-long capture (`dmon.stdout` → `dmon.windows.json`), nil
    /// for a capture that belongs to no run (ingested) or has none; then its samples stay as they are.
    static func runCaptureWindows(of artifact: StoredArtifact, in stored: [StoredArtifact]) -> CaptureWindows? {
        guard artifact.name.hasSuffix(".stdout") else { return nil }
        let name = CaptureWindows.artifactName(capture: String(artifact.name.dropLast(".stdout".count)))
        return stored.first { $0.stepID == nil && $0.node == artifact.node && $0.name == name }
            .flatMap { CaptureWindows.decode($0.bytes) }
    }
}
