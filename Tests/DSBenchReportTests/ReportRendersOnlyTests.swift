import Foundation
import Testing

/// Layering guard (issue 18): the report renders, never decides. Medians, tolerance bands, ratios
/// to the fleet, change points and each point's status are DSBenchAnalyze's (`BusbwCurves`,
/// `BusbwTrend`, `BusbwCurveFigures`) or the verdict's; a renderer that computed one again could
/// disagree with what `check` exited with, and nothing else would notice.
@Suite struct ReportRendersOnlyTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // DSBenchReportTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()

    /// What each pattern catches, as it was written in DSBenchReport before the move.
    static let decisions: [(pattern: String, what: String, example: String)] = [
        (#"\b[Mm]edian\s*\("#, "a median computed", "let fleet = Descriptive.median(values)"),
        (#"\bMedian\."#, "a median helper", "guard let median = Median.of(values) else { continue }"),
        (#"\b(Descriptive|RobustZ|MannWhitney|ChangePoints|Statistics|NcclPlausibility|FleetCheck|Judge)\.[a-z]\w*\s*\("#,
         "an analysis statistic or judgement called", "ChangePoints.detect(points.map(\\.busbw), options: options)"),
        (#"(?i)percentile|quantile"#, "a percentile", "let p90 = percentile(0.9, of: samples)"),
        (#"\.sorted\([^)]*\)\s*\["#, "an order statistic", "let middle = values.sorted()[values.count / 2]"),
        (#"1\s*[-+]\s*[\w.]*\btolerance\b"#, "a tolerance band computed", "point.lower = base * (1 - tolerance)"),
        (#"\btolerance\)?\s*\*"#, "a tolerance scaled", "tolerancePercent: tolerance * 100, status: .noBaseline)"),
        (#"\bfraction\s*\*|\*\s*[\w.]*\bfraction\b"#, "a threshold from a fraction", "let slowBelow = median * fraction"),
        (#"\*\s*0\.9\b"#, "a 90 % threshold", "let slow = value < median * 0.9"),
        (#"\babs\([^()]*-\s*1\)"#, "a distance from the fleet median", "let plain = large && abs(c.ratio - 1) < 0.1"),
        (#"\bratio\s*[<>]"#, "a ratio compared", "if cell.ratio < 0.9 { slow = true }"),
        (#"/\s*[\w.]*[Mm]edian\b"#, "a ratio to a median", "HeatmapSpec.Cell(ratio: cell.busbw / matrix.fleetMedian,"),
        (#"\b(status|outcome)\s*=\s*\.\w+"#, "an outcome decided", "if median < base { point.status = .below }"),
        (#"\bVerdictCheck\("#, "a check made", "VerdictCheck(rule: \"fleet.outlier\", ruleClass: .degraded,"),
        (#"\bpcie\w*(Width|Gen)\w*[^\n]*[<>]\s*[(\w]"#, "a PCIe link judged",
         "pcieDegraded: (g.pcieWidthCurrent ?? 0) > 0 && (g.pcieWidthMax ?? 0) > (g.pcieWidthCurrent ?? 0))"),
    ]

    /// `file:line: [what] code` for each line of code (comments left out) that matches a pattern.
    static func offending(in text: String, file: String) throws -> [String] {
        // Simple word boundaries: Unicode's (the default) keep `cell.ratio` one word.
        let patterns = try decisions.map { (try Regex($0.pattern).wordBoundaryKind(.simple), $0.what) }
        var found: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
            for (regex, what) in patterns where code.firstMatch(of: regex) != nil {
                found.append("\(file):\(index + 1): [\(what)] \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found
    }

    @Test func noReportSourceComputesWhatAnalysisDecides() throws {
        let sources = Self.packageRoot.appendingPathComponent("Sources/DSBenchReport")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count > 50, "the sources were not found under \(sources.path)")
        var offending: [String] = []
        for file in files {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            offending += try Self.offending(in: text, file: "Sources/DSBenchReport/\(file)")
        }
        #expect(offending == [], "compute it in DSBenchAnalyze (or read it from the verdict) and render the value")
    }

    /// Each pattern still catches the code it was written for, and a comment naming a median is no computation.
    @Test func eachPatternCatchesTheComputationItWasWrittenFor() throws {
        for decision in Self.decisions {
            let found = try Self.offending(in: decision.example, file: "example")
            #expect(found.contains { $0.contains("[\(decision.what)]") }, "\(decision.pattern) missed: \(decision.example)")
        }
        #expect(try Self.offending(in: "    /// the per-size median (1 - tolerance) of the baseline", file: "comment") == [])
        #expect(try Self.offending(in: "let label = \"vs the fleet median\"", file: "label") == [])
    }
}
