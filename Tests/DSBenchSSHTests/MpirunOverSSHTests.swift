import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// A `placement: all` step across two loopback "nodes", each its own sshd: Debian's Open MPI starts
/// its daemons on them over ssh (the rsh launcher, through the suite's `rsh_agent`), and every
/// rank reports the node it ran on. Each sshd sets `DSBENCH_NODE` in its sessions (`SetEnv`), so
/// a rank can only print `node-a` or `node-b` if it was started through that node's sshd.
@Suite(.serialized) struct MpirunOverSSHTests {
    @Test func fourRanksOnTwoNodesThroughOpenMPIsSSHLauncher() async throws {
        let keys = try TestKeys()
        let both = try TestSSHD.startSharingAPort(keys: keys, groups: [
            (["127.0.0.2"], ["SetEnv DSBENCH_NODE=node-a"]), (["127.0.0.3"], ["SetEnv DSBENCH_NODE=node-b"]),
        ])
        let first = both[0], second = both[1]
        defer { first.stop(); second.stop() }
        let knownHosts = try keys.writeKnownHosts(["127.0.0.2", "127.0.0.3"], port: first.port)
        // What an operator's ssh_config for the cluster says; Open MPI's daemons go through it.
        let sshConfig = keys.dir.appendingPathComponent("ssh_config").path
        try """
            Host 127.0.0.2 127.0.0.3
              Port \(first.port)
              IdentityFile \(keys.clientKey)
              UserKnownHostsFile \(knownHosts)
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
              BatchMode yes

            """.write(toFile: sshConfig, atomically: true, encoding: .utf8)
        let script = keys.dir.appendingPathComponent("rank.sh").path
        try """
            #!/bin/sh
            set -- $SSH_CONNECTION
            echo "rank $OMPI_COMM_WORLD_RANK of $OMPI_COMM_WORLD_SIZE on $DSBENCH_NODE via $3 ODD=[$ODD]"

            """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let allreduce = try Self.compileAllreduce(in: keys.dir)
        let yaml = """
            suite: mpi-ssh
            nodes: 127.0.0.[2-3]
            defaults:
              env: {ODD: "a b; rm -rf / 'q'"}
            steps:
              - name: ranks
                command: [\(script)]
                placement: all
                captures: []
                launcher: {type: mpirun, ranks_per_node: 2, allow_run_as_root: true, rsh_agent: "ssh -F \(sshConfig)"}
              - name: allreduce
                command: [\(allreduce)]
                placement: all
                captures: []
                launcher:
                  type: mpirun
                  ranks_per_node: 2
                  allow_run_as_root: true
                  rsh_agent: "ssh -F \(sshConfig)"
                  # Both "nodes" are one host: Open MPI's shared-memory transport (vader) then
                  # crashes in MPI_Allreduce (SIGSEGV in mca_btl_vader_poll_handle_frag); TCP works.
                  extra_args: [--mca, btl, "self,tcp"]
            """
        let loaded = try SuiteLoader.load(text: yaml, file: keys.dir.appendingPathComponent("mpi-ssh.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        #expect(plan.steps.map(\.node) == ["local", "local"])
        #expect(plan.steps[0].commands[0].argv == [
            "mpirun", "--allow-run-as-root", "-np", "4", "-H", "127.0.0.2:2,127.0.0.3:2", "--map-by", "ppr:2:node",
            "--mca", "plm_rsh_agent", "ssh -F \(sshConfig)", "-x", "ODD=a b; rm -rf / 'q'", script,
        ])
        let store = try Store.open(path: keys.dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner(store: store, version: "test", executorFor: { LocalExecutor(nodeName: $0) })
        let outcome = try await runner.run(RunRequest(suiteName: "mpi-ssh", suiteText: loaded.text, suiteHash: loaded.sha256,
                                                      plan: plan))
        let artifacts = try store.artifacts(runID: outcome.runID)
        let stderr = artifacts.first { $0.name == "main.stderr" }.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
        #expect(outcome.status == .completed, "\(outcome.stepErrors) \(stderr)")
        let detail = try #require(try store.runDetail(id: outcome.runID))
        let stepID = { (name: String) in detail.steps.first { $0.name == name }?.id }
        let stdout = try #require(artifacts.first { $0.name == "main.stdout" && $0.stepID == stepID("ranks") })
        let lines = String(decoding: stdout.bytes, as: UTF8.self).split(separator: "\n").map(String.init).sorted()
        #expect(lines == [
            "rank 0 of 4 on node-a via 127.0.0.2 ODD=[a b; rm -rf / 'q']",
            "rank 1 of 4 on node-a via 127.0.0.2 ODD=[a b; rm -rf / 'q']",
            "rank 2 of 4 on node-b via 127.0.0.3 ODD=[a b; rm -rf / 'q']",
            "rank 3 of 4 on node-b via 127.0.0.3 ODD=[a b; rm -rf / 'q']",
        ], "\(stderr)")
        // A real MPI_Allreduce among the four ranks: 1 + 2 + 3 + 4.
        let reduced = try #require(artifacts.first { $0.name == "main.stdout" && $0.stepID == stepID("allreduce") })
        #expect(String(decoding: reduced.bytes, as: UTF8.self).split(separator: "\n").map(String.init).sorted() == [
            "rank 0 of 4 on node-a sum 10", "rank 1 of 4 on node-a sum 10",
            "rank 2 of 4 on node-b sum 10", "rank 3 of 4 on node-b sum 10",
        ])
        // One daemon per node and step, each one ssh connection in that node's own sshd log.
        #expect(first.acceptedConnections() == ["127.0.0.2": 2])
        #expect(second.acceptedConnections() == ["127.0.0.3": 2])
    }

    /// An MPI program that sums rank + 1 over all ranks. Debian's mpicc calls `gcc`, which a
    /// `--no-install-recommends` CI image may only have as gcc-12, so the compiler is picked here.
    static func compileAllreduce(in dir: URL) throws -> String {
        let source = dir.appendingPathComponent("allreduce.c").path
        let binary = dir.appendingPathComponent("allreduce").path
        try """
            #include <mpi.h>
            #include <stdio.h>
            #include <stdlib.h>
            int main(int argc, char **argv) {
              int rank, size, one, sum = 0;
              MPI_Init(&argc, &argv);
              MPI_Comm_rank(MPI_COMM_WORLD, &rank);
              MPI_Comm_size(MPI_COMM_WORLD, &size);
              one = rank + 1;
              MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
              printf("rank %d of %d on %s sum %d\\n", rank, size, getenv("DSBENCH_NODE") ? getenv("DSBENCH_NODE") : "?", sum);
              MPI_Finalize();
              return 0;
            }

            """.write(toFile: source, atomically: true, encoding: .utf8)
        let compilers = ["/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/gcc-12", "/opt/swift/usr/bin/clang"]
        let compiler = try #require(compilers.first { FileManager.default.isExecutableFile(atPath: $0) },
                                    "no C compiler for mpicc among \(compilers)")
        let built = try Spawn.run("/bin/sh", ["-c", "OMPI_CC=\"$1\" exec mpicc -o \"$2\" \"$3\"", "sh", compiler, binary, source])
        #expect(built.status == 0, "\(built.output)")
        return binary
    }
}
