import DSBenchSuite
import Foundation
import Testing

/// docs/suite-format.md must not drift from the code: its full example loads, and the plan excerpt
/// it shows is what `PlanText` prints.
@Suite struct DocsExampleTests {
    private func codeBlocks(_ language: String) throws -> [String] {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("docs/suite-format.md"), encoding: .utf8)
        return text.components(separatedBy: "```" + language + "\n").dropFirst()
            .map { $0.components(separatedBy: "```")[0] }
    }

    @Test func fullExampleLoadsAndPlans() throws {
        let yaml = try #require(try codeBlocks("yaml").first)
        let suite = try SuiteLoader.load(text: yaml, file: "docs/suite-format.md").suite
        let plan = try Planner.plan(suite)
        #expect(plan.steps.count == 1 + 2 * 3 + 1 + 1 + 1)
        let excerpt = try #require(try codeBlocks("").first { $0.hasPrefix("[1] allreduce") })
        #expect(PlanText.render(plan).contains(excerpt))
    }
}
