import DSBenchReport
import Foundation
import Testing

/// The Markdown report of the sample fleet (real captures) against a committed snapshot.
/// After an intended change: `DSBENCH_RECORD_SNAPSHOTS=1 swift test --filter MarkdownSnapshot`,
/// then review the diff of Snapshots/.
@Suite struct MarkdownSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test func sampleFleetAgainstItsBaseline() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store, baselines: [fleet.baselineRunID])
        try expectSnapshot(MarkdownReport().render(model), named: "sample-fleet.md")
    }

    @Test func runWithoutBaselineOrFleet() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.baselineRunID, store: fleet.store)
        try expectSnapshot(MarkdownReport().render(model), named: "single-run.md")
    }

    func expectSnapshot(_ text: String, named name: String) throws {
        let url = Self.snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["DSBENCH_RECORD_SNAPSHOTS"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8),
                                    "missing snapshot \(name); record it with DSBENCH_RECORD_SNAPSHOTS=1")
        if text != expected {
            let actual = url.appendingPathExtension("actual")
            try Data(text.utf8).write(to: actual)
            Issue.record("\(name) differs from the snapshot; actual output in \(actual.path)")
        }
    }
}
