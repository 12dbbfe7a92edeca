import DSBenchCore
@testable import DSBenchSuite
import Foundation
import Testing

/// The suite fragment in README.md ("Many nodes") is real: it loads and plans as its comments say.
@Suite struct ReadmeExampleTests {
    @Test func manyNodesExamplePlans() throws {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(text.components(separatedBy: "```yaml\n").dropFirst()
            .map { $0.components(separatedBy: "```")[0] }
            .first { $0.hasPrefix("nodes: gpu-[001-016]\nnode_overrides:") })
        let suite = try SuiteLoader.load(text: "suite: readme\n" + block, file: "README.md").suite
        let plan = try Planner.plan(suite)
        #expect(plan.steps.count == 16 + 1)
        let onOldNode = try #require(plan.steps.first { $0.key == "all_reduce_node#0@gpu-015" })
        #expect(onOldNode.commands[0].argv == ["all_reduce_perf", "-b", "8", "-e", "8589934592", "-f", "2", "-g", "4",
                                                "-I", "1"])
        #expect(onOldNode.commands[0].searchPaths == ["/opt/nccl-tests-old/build"])
        let job = try #require(plan.steps.last)
        #expect(job.jobNodes == (1...14).map { String(format: "gpu-%03d", $0) })
        #expect(Array(job.commands[0].argv.prefix(3)) == ["mpirun", "-np", "112"])
    }
}
