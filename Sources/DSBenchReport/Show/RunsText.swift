import DSBenchCore
import DSBenchStore

/// `dsbench runs`: one line per run, newest first.
public enum RunsText {
    public static func render(_ runs: [RunSummary]) -> String {
        guard !runs.isEmpty else { return "no runs yet; start one with `dsbench run SUITE` or `dsbench ingest`\n" }
        let rows = runs.map { run -> [String] in
            let steps = run.stepCounts.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
            return [String(run.id), run.suiteName, run.source.rawValue, run.status.rawValue,
                    TimeFormat.utc(run.startedAt), TimeFormat.seconds(from: run.startedAt, to: run.endedAt),
                    String(run.nodeCount), steps]
        }
        return TextTable.render(header: ["run", "suite", "source", "status", "started", "took", "nodes", "steps"], rows: rows)
    }
}
