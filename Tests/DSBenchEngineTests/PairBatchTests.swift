import DSBenchCore
@testable import DSBenchEngine
import DSBenchSuite
import Foundation
import Testing

/// A pairwise round is one segment and one batch: its jobs start together, rounds one after another.
@Suite struct PairBatchTests {
    @Test func eachRoundOfEightNodesIsOneSegmentOfFourJobs() throws {
        let yaml = """
            suite: pairs
            nodes: node-[01-08]
            steps:
              - {name: ar, nccl: all_reduce, pattern: pairs, placement: all, captures: [], launcher: {type: mpirun}}
              - {name: after, command: [/bin/true], captures: []}
            """
        let plan = try Planner.plan(try SuiteLoader.load(text: yaml, file: "p.yaml").suite)
        let work = plan.steps.map { ($0, Int64($0.seq)) }
        let segments = Runner.segments(work)
        #expect(segments.count == 8)
        #expect(segments.prefix(7).allSatisfy { $0.count == 4 })
        #expect(segments[7].map(\.0.name) == Array(repeating: "after", count: 8))
        for segment in segments.prefix(7) {
            #expect(Runner.concurrentBatches(segment).count == 1, "a round starts at once")
        }
        #expect(Runner.concurrentBatches(segments[7]).count == 8, "other steps stay one at a time per node")
    }
}
