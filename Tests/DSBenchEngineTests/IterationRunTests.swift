import DSBenchCore
@testable import DSBenchEngine
import DSBenchExec
@testable import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// A run whose nccl-tests step writes `-I 1` times into its `-J` JSON: the text table stays the
/// record, the JSON adds only the times, and neither run nor reparse doubles a row.
@Suite struct IterationRunTests {
    @Test func theJSONTimesAttachToTheTextRowsOnceInRunAndReparse() async throws {
        let bench = try IterationBench("dsbench-iter-run", capture: "j_all_reduce_I_r1")
        defer { bench.remove() }
        let store = bench.store
        let outcome = try await bench.run("""
            suite: iter
            nodes: [local]
            defaults:
              nccl_tests_path: [\(bench.standIns.bin.path)]
            steps:
              - name: all_reduce
                nccl: all_reduce
                sizes: {min: 8, max: 1G, factor: 4}
                gpus: 2
            """)
        #expect(outcome.status == .completed && outcome.critical.isEmpty)

        let expected = NcclTestsJSONParserFixture.times()
        func check(_ phase: String) throws {
            let counts = try store.queryRaw("SELECT (SELECT COUNT(*) FROM nccl_results) || '/' || (SELECT COUNT(*) FROM nccl_iterations)")
            #expect(counts == ["14/14"], "\(phase)")
            let step = try #require(try store.ncclStepResults(runIDs: [outcome.runID], iterations: true).first)
            // The printed table's numbers (text), with the JSON's times.
            #expect(step.points.first?.outOfPlace.timeUs == 15.81, "\(phase)")
            #expect(step.points.map { $0.outOfPlace.iterationTimesUs ?? [] } == expected.outOfPlace, "\(phase)")
            #expect(step.points.map { $0.inPlace?.iterationTimesUs ?? [] } == expected.inPlace, "\(phase)")
            #expect(try store.diagnostics(runID: outcome.runID).isEmpty, "\(phase)")
        }
        try check("run")
        _ = try Reparser.reparse(runID: outcome.runID, store: store)
        try check("reparse")
        _ = try Reparser.reparse(runID: outcome.runID, store: store)
        try check("second reparse")
    }
}

extension IterationRunTests {
    /// A `placement: all` job: argv[0] is the launcher, so the `-J` probe must look at the
    /// nccl-tests binary inside the launcher's argv (found on real 2× H200 with mpirun: no JSON,
    /// no per-iteration samples).
    @Test func aLauncherJobAlsoGetsItsJSONAndTimes() async throws {
        let bench = try IterationBench("dsbench-iter-launcher", capture: "j_all_reduce_I_r2")
        defer { bench.remove() }
        // A launcher that drops its own options and runs the program, as one rank would.
        try bench.standIns.write("mpirun", """
            #!/bin/sh
            [ "$1" = "-h" ] && { echo "mpirun (stand-in) usage"; exit 0; }
            while [ $# -gt 0 ]; do case "$1" in *_perf) break;; esac; shift; done
            exec "$@"
            """)
        let store = bench.store
        let outcome = try await bench.run("""
            suite: iter-mpi
            nodes: [local]
            defaults:
              nccl_tests_path: [\(bench.standIns.bin.path)]
            steps:
              - name: all_reduce
                nccl: all_reduce
                sizes: {min: 8, max: 1G, factor: 4}
                gpus: 1
                per_iteration: true
                placement: all
                launcher: {type: mpirun, ranks_per_node: 2, program: \(bench.standIns.bin.path)/mpirun}
            """, checkPlan: { plan in #expect(plan.steps[0].commands[0].argv.first == "\(bench.standIns.bin.path)/mpirun") })
        #expect(outcome.status == .completed && outcome.critical.isEmpty)
        #expect(try store.queryRaw("SELECT COUNT(*) FROM nccl_iterations") == ["14"])
        let step = try #require(try store.ncclStepResults(runIDs: [outcome.runID], iterations: true).first)
        #expect(step.points.allSatisfy { $0.outOfPlace.iterationTimesUs?.count == 20 })
    }
}

/// A scratch folder with a stand-in `all_reduce_perf` that replays one real 2× H200 `-I` capture
/// (stdout, and its JSON copied to where `-J` points), and a runner over the local executor.
struct IterationBench {
    let dir: URL
    let standIns: StandIns
    let store: Store

    init(_ label: String, capture: String) throws {
        dir = try makeScratchDirectory(label)
        standIns = try StandIns(in: dir)
        let captures = Fixtures.url("h200-x2-iter").path
        try standIns.write("all_reduce_perf", """
            #!/bin/sh
            prev=""
            for a in "$@"; do
              if [ "$a" = "-h" ]; then cat '\(Fixtures.url("h200-x8").path)/00_all_reduce_perf_help.txt'; exit 0; fi
              if [ "$prev" = "-J" ]; then cp '\(captures)/\(capture).json' "$a"; fi
              prev="$a"
            done
            cat '\(captures)/\(capture).txt'
            """)
        store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
    }

    func run(_ yaml: String, checkPlan: (Plan) -> Void = { _ in }) async throws -> RunOutcome {
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("suite.yaml").path)
        let runner = Runner.overStandIns(standIns, store: store)
        let plan = try Planner.plan(loaded.suite)
        checkPlan(plan)
        return try await runner.run(RunRequest(suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256,
                                               plan: plan))
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

/// The times of j_all_reduce_I_r1.json read with JSONSerialization (not the product parser).
enum NcclTestsJSONParserFixture {
    static func times() -> (outOfPlace: [[Double]], inPlace: [[Double]]) {
        let data = (try? Fixtures.data("h200-x2-iter/j_all_reduce_I_r1.json")) ?? Data()
        let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let rows = (root?["results"] as? [[String: Any]]) ?? []
        func list(_ row: [String: Any], _ key: String) -> [Double] {
            ((row[key] as? [String: Any])?["times_us"] as? [NSNumber])?.map(\.doubleValue) ?? []
        }
        return (rows.map { list($0, "out_of_place_per_iter") }, rows.map { list($0, "in_place_per_iter") })
    }
}
