import DSBenchReport
import Foundation
import Testing

/// The JSON report parses, carries the documented schema id, and has exactly the top-level
/// keys that docs/report-json.md documents, in that order.
@Suite struct JSONReportTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/report-json.md")

    @Test func matchesTheDocumentedSchema() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store, baselines: [fleet.baselineRunID])
        let text = JSONReport().render(model)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == JSONReport.schema)

        let doc = try String(contentsOf: Self.doc, encoding: .utf8)
        // The doc's top-level table: rows of the form "| `key` | …".
        let section = doc.components(separatedBy: "## Top level").dropFirst().first?.components(separatedBy: "\n## ").first ?? ""
        let documented = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
        let written = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.compactMap {
            $0.dropFirst(3).split(separator: "\"").first.map(String.init)
        }
        #expect(!documented.isEmpty)
        #expect(written == documented)

        let collectives = try #require(object["collectives"] as? [[String: Any]])
        let allReduce = try #require(collectives.first { $0["collective"] as? String == "all_reduce" })
        let series = try #require((allReduce["series"] as? [[String: Any]])?.first)
        let points = try #require(series["points"] as? [[String: Any]])
        let gib = try #require(points.first { ($0["size"] as? Int) == 1 << 30 })
        #expect(gib["busbw"] as? Double == 359.42)
        #expect(gib["baseline"] as? Double == 360.09)
        #expect(gib["status"] as? String == "within")
        let verdict = try #require(object["verdict"] as? [String: Any])
        #expect(verdict["status"] as? String == "fail" && verdict["exit_code"] as? Int == 1)  // h200-c's P2P-off capture
    }
}
