import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// Debian's Open MPI on localhost, through the whole path: suite YAML → planner (mpirun launcher)
/// → runner → local executor → mpirun → several ranks of a stand-in program → SQLite.
@Suite struct MpirunEndToEndTests {
    @Test func threeRanksRunThroughTheMpirunLauncher() async throws {
        let dir = try makeScratchDirectory("dsbench-mpirun")
        let script = dir.appendingPathComponent("rank.sh").path
        try "#!/bin/sh\necho \"rank $OMPI_COMM_WORLD_RANK of $OMPI_COMM_WORLD_SIZE ODD=[$ODD]\"\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let yaml = """
            suite: mpi
            nodes: [local]
            defaults:
              env: {ODD: "a b; rm -rf / 'q'"}
            steps:
              - name: ranks
                command: [\(script)]
                placement: all
                launcher: {type: mpirun, ranks_per_node: 3, allow_run_as_root: true, oversubscribe: true}
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("mpi.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        #expect(plan.steps.count == 1)
        #expect(plan.steps[0].commands[0].argv == [
            "mpirun", "--allow-run-as-root", "-np", "3", "-H", "localhost:3", "--map-by", "ppr:3:node",
            "--oversubscribe", "-x", "ODD=a b; rm -rf / 'q'", script,
        ])
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner(store: store, version: "test", executorFor: { LocalExecutor(nodeName: $0) })
        let outcome = try await runner.run(RunRequest(suiteName: "mpi", suiteText: loaded.text, suiteHash: loaded.sha256,
                                                      plan: plan))
        #expect(outcome.status == .completed, "\(outcome.stepErrors)")
        let stdout = try #require(try store.artifacts(runID: outcome.runID).first { $0.name == "main.stdout" })
        let lines = String(decoding: stdout.bytes, as: UTF8.self).split(separator: "\n").map(String.init).sorted()
        #expect(lines == (0..<3).map { "rank \($0) of 3 ODD=[a b; rm -rf / 'q']" })
    }
}
