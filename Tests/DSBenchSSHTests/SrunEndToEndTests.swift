import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// Debian's Slurm on a one-node cluster the test starts, through the whole path: suite YAML →
/// planner (srun launcher) → runner → local executor → srun → slurmd → several tasks of a stand-in
/// program → SQLite. Steps Slurm refuses fail alone, with srun's error kept, and the run goes on.
@Suite struct SrunEndToEndTests {
    @Test func tasksRunThroughTheSrunLauncherAndRefusedJobsFailAlone() async throws {
        let slurm = try TestSlurm.start()
        defer { slurm.stop() }
        let dir = try makeScratchDirectory("dsbench-srun")
        let script = dir.appendingPathComponent("task.sh").path
        try "#!/bin/sh\necho \"task $SLURM_PROCID of $SLURM_NTASKS on $SLURMD_NODENAME ODD=[$ODD]\"\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let yaml = """
            suite: slurm
            nodes: [local]
            defaults:
              timeout: 60
              env: {SLURM_CONF: \(slurm.configPath), ODD: "a b; rm -rf / 'q'"}
            steps:
              - name: tasks
                command: [\(script)]
                placement: all
                launcher: {type: srun, ranks_per_node: 2, mpi: none}
              - name: too_many
                command: [\(script)]
                placement: all
                launcher: {type: srun, ranks_per_node: \(TestSlurm.cpus + 1), mpi: none}
              - name: bad_partition
                command: [\(script)]
                placement: all
                launcher: {type: srun, mpi: none, partition: nope}
              - name: pmi2
                command: [\(script)]
                placement: all
                launcher: {type: srun, ranks_per_node: 2, mpi: pmi2, partition: \(TestSlurm.partition)}
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("slurm.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        let export = "--export=ALL,SLURM_CONF=\(slurm.configPath),ODD=a b; rm -rf / 'q'"
        #expect(plan.steps.map(\.node) == ["local", "local", "local", "local"])
        #expect(plan.steps.map { $0.commands[0].argv } == [
            ["srun", "--nodes=1", "--ntasks-per-node=2", "--mpi=none", "--nodelist=localhost", export, script],
            ["srun", "--nodes=1", "--ntasks-per-node=3", "--mpi=none", "--nodelist=localhost", export, script],
            ["srun", "--nodes=1", "--ntasks-per-node=1", "--mpi=none", "--partition=nope", "--nodelist=localhost",
             export, script],
            ["srun", "--nodes=1", "--ntasks-per-node=2", "--mpi=pmi2", "--partition=debug", "--nodelist=localhost",
             export, script],
        ])

        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner(store: store, version: "test", executorFor: { LocalExecutor(nodeName: $0) })
        let outcome = try await runner.run(RunRequest(suiteName: "slurm", suiteText: loaded.text,
                                                      suiteHash: loaded.sha256, plan: plan))
        #expect(outcome.status == .failed)
        #expect(outcome.stepCounts == ["completed": 2, "failed": 2], "\(outcome.stepErrors)\n\(slurm.logs())")

        let detail = try #require(try store.runDetail(id: outcome.runID))
        let steps = Dictionary(uniqueKeysWithValues: detail.steps.map { ($0.name, $0) })
        #expect(steps["tasks"]?.status == .completed)
        #expect(steps["too_many"]?.status == .failed)
        #expect(steps["bad_partition"]?.status == .failed)
        #expect(steps["pmi2"]?.status == .completed)
        #expect(steps["too_many"]?.exitCode == 1)

        let artifacts = try store.artifacts(runID: outcome.runID)
        func text(_ step: String, _ name: String) -> String {
            let bytes = artifacts.first { $0.stepID == steps[step]?.id && $0.name == name }?.bytes ?? []
            return String(decoding: bytes, as: UTF8.self)
        }
        func sortedLines(_ step: String) -> [String] {
            text(step, "main.stdout").split(separator: "\n").map(String.init).sorted()
        }
        let expected = (0..<2).map { "task \($0) of 2 on localhost ODD=[a b; rm -rf / 'q']" }
        #expect(sortedLines("tasks") == expected, "\(text("tasks", "main.stderr"))")
        #expect(sortedLines("pmi2") == expected, "\(text("pmi2", "main.stderr"))")
        #expect(text("too_many", "main.stderr").contains("More processors requested than permitted"))
        #expect(text("bad_partition", "main.stderr").contains("Invalid partition name specified"))
        #expect(text("too_many", "main.stdout").isEmpty)
    }
}
