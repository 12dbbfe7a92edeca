import DSBenchCore
@testable import DSBenchSuite
import Foundation
import Testing

/// Exact argv of every launcher, env values with spaces and quotes included.
@Suite struct LauncherTests {
    static let env = [EnvVar("NCCL_DEBUG", "INFO"), EnvVar("ODD", "a b; rm -rf / 'q' \"dq\""), EnvVar("LIST", "x,y")]
    static let job = Launcher.Job(hosts: ["gpu-001", "gpu-002", "gpu-003"], ranksPerHost: 8, env: env,
                                  program: ["/opt/nccl-tests/all_reduce_perf", "-b", "8", "-e", "1G", "-g", "1"])

    @Test func directIsTheProgram() {
        #expect(Launcher.direct.argv(for: Self.job) == Self.job.program)
    }

    @Test func mpirunOpenMPIWithHostsAndSlots() {
        #expect(Launcher.mpirun(MpirunOptions()).argv(for: Self.job) == [
            "mpirun", "-np", "24", "-H", "gpu-001:8,gpu-002:8,gpu-003:8", "--map-by", "ppr:8:node",
            "-x", "NCCL_DEBUG=INFO", "-x", "ODD=a b; rm -rf / 'q' \"dq\"", "-x", "LIST=x,y",
            "/opt/nccl-tests/all_reduce_perf", "-b", "8", "-e", "1G", "-g", "1",
        ])
    }

    @Test func mpirunHPCXWithHostfileRootAndMapBy() {
        let options = MpirunOptions(flavour: .hpcx, program: "/opt/hpcx/ompi/bin/mpirun", hostfile: "/etc/hosts.mpi",
                                    mapBy: "ppr:4:socket", allowRunAsRoot: true, oversubscribe: true,
                                    extraArgs: ["--bind-to", "none"])
        #expect(Launcher.mpirun(options).argv(for: Self.job) == [
            "/opt/hpcx/ompi/bin/mpirun", "--allow-run-as-root", "-np", "24", "--hostfile", "/etc/hosts.mpi",
            "--map-by", "ppr:4:socket", "--oversubscribe", "--mca", "pml", "ucx", "--mca", "coll_hcoll_enable", "0",
            "-x", "NCCL_DEBUG=INFO", "-x", "ODD=a b; rm -rf / 'q' \"dq\"", "-x", "LIST=x,y",
            "--bind-to", "none", "/opt/nccl-tests/all_reduce_perf", "-b", "8", "-e", "1G", "-g", "1",
        ])
    }

    @Test func mpirunRshAgentIsOneElementBeforeTheEnv() {
        let options = MpirunOptions(allowRunAsRoot: true, rshAgent: "ssh -F /etc/dsbench/ssh config",
                                    extraArgs: ["--mca", "oob_tcp_if_include", "lo"])
        let job = Launcher.Job(hosts: ["127.0.0.2", "127.0.0.3"], ranksPerHost: 2, env: [EnvVar("ODD", "a 'b'")],
                               program: ["/t/rank.sh"])
        #expect(Launcher.mpirun(options).argv(for: job) == [
            "mpirun", "--allow-run-as-root", "-np", "4", "-H", "127.0.0.2:2,127.0.0.3:2", "--map-by", "ppr:2:node",
            "--mca", "plm_rsh_agent", "ssh -F /etc/dsbench/ssh config", "-x", "ODD=a 'b'",
            "--mca", "oob_tcp_if_include", "lo", "/t/rank.sh",
        ])
    }

    @Test func rshAgentDecodesForMpirunOnly() throws {
        let suite = try loadSuite("""
            suite: rsh
            nodes: gpu-[1-2]
            steps:
              - {name: s, command: [x], placement: all, launcher: {type: mpirun, rsh_agent: "ssh -F /etc/c"}}
            """)
        #expect(suite.steps[0].launcher.launcher == .mpirun(MpirunOptions(rshAgent: "ssh -F /etc/c")))
        let errors = loadErrors("""
            suite: rsh
            nodes: gpu-[1-2]
            steps:
              - {name: s, command: [x], placement: all, launcher: {type: srun, rsh_agent: ssh}}
            """)
        #expect(errors == ["bad.yaml:4:68: error: steps[0].launcher.rsh_agent: found 'rsh_agent' in a srun launcher, "
            + "expected 'rsh_agent' only in mpirun launchers"], "\(errors)")
    }

    @Test func srunWithGPUsPmixAndExports() {
        let options = SrunOptions(mpi: .pmi2, gpusPerNode: 8, partition: "h200", extraArgs: ["--exclusive"])
        #expect(Launcher.srun(options).argv(for: Self.job) == [
            "srun", "--nodes=3", "--ntasks-per-node=8", "--gpus-per-node=8", "--mpi=pmi2", "--partition=h200",
            "--nodelist=gpu-[001-003]", "--export=ALL,NCCL_DEBUG=INFO,ODD=a b; rm -rf / 'q' \"dq\",LIST",
            "--exclusive", "/opt/nccl-tests/all_reduce_perf", "-b", "8", "-e", "1G", "-g", "1",
        ])
        #expect(Launcher.srun(SrunOptions()).argv(for: Launcher.Job(hosts: ["n1"], ranksPerHost: 1, env: [],
                                                                     program: ["true"])) == [
            "srun", "--nodes=1", "--ntasks-per-node=1", "--mpi=pmix", "--nodelist=n1", "--export=ALL", "true",
        ])
    }

    @Test func srunWithoutMPIFromTheSuite() throws {
        let yaml = """
            suite: plain
            nodes: [local]
            defaults:
              env: {ODD: "a b; rm -rf / 'q'"}
            steps:
              - name: tasks
                command: [hostname]
                placement: all
                launcher: {type: srun, ranks_per_node: 2, mpi: none, partition: debug}
            """
        let plan = try Planner.plan(try SuiteLoader.load(text: yaml, file: "plain.yaml").suite)
        #expect(plan.steps[0].commands[0].argv == [
            "srun", "--nodes=1", "--ntasks-per-node=2", "--mpi=none", "--partition=debug", "--nodelist=localhost",
            "--export=ALL,ODD=a b; rm -rf / 'q'", "hostname",
        ])
    }

    @Test func suiteWithPlacementAllPlansOneLaunchedStep() throws {
        let yaml = """
            suite: multi
            nodes: gpu-[001-002]
            defaults:
              nccl_tests_path: [/opt/nccl-tests/build]
              env: {ODD: "a b"}
            steps:
              - name: ar
                nccl: all_reduce
                sizes: {min: 8, max: 1K, factor: 2}
                gpus: 1
                placement: all
                launcher: {type: mpirun, ranks_per_node: 2, allow_run_as_root: true}
              - name: each
                command: [hostname]
            """
        let loaded = try SuiteLoader.load(text: yaml, file: "multi.yaml")
        let plan = try Planner.plan(loaded.suite)
        #expect(plan.steps.map(\.node) == ["local", "gpu-001", "gpu-002"])
        #expect(plan.steps[0].commands[0].argv == [
            "mpirun", "--allow-run-as-root", "-np", "4", "-H", "gpu-001:2,gpu-002:2", "--map-by", "ppr:2:node",
            "-x", "ODD=a b", "/opt/nccl-tests/build/all_reduce_perf", "-b", "8", "-e", "1024", "-f", "2", "-g", "1",
        ])
    }

    @Test func launcherMistakesAreSuiteErrors() throws {
        func errors(_ launcher: String, placement: String = "all") -> String {
            let yaml = """
                suite: bad
                steps:
                  - name: x
                    command: [true]
                    placement: \(placement)
                    launcher: \(launcher)
                """
            do { _ = try SuiteLoader.load(text: yaml, file: "bad.yaml"); return "" } catch { return "\(error)" }
        }
        #expect(errors("{type: mpi}").contains("'mpi'"))
        #expect(errors("{type: srun, hostfile: h}").contains("'hostfile' only in mpirun launchers"))
        #expect(errors("{type: mpirun, ranks_per_node: 0}").contains("ranks_per_node"))
        #expect(errors("{type: mpirun}", placement: "each").contains("placement: all"))
        #expect(errors("{ranks_per_node: 2}").contains("missing") || errors("{ranks_per_node: 2}").contains("type"))
    }
}

@Suite struct SuiteSSHTests {
    @Test func sshBlockIsRead() throws {
        let yaml = """
            suite: remote
            nodes: gpu-[01-02]
            ssh: {user: bench, port: 2222, identity: ~/.ssh/bench_ed25519, jump_host: bastion, connect_timeout: 30s, known_hosts: /etc/dsbench/known_hosts}
            steps:
              - name: host
                command: [hostname]
            """
        let suite = try SuiteLoader.load(text: yaml, file: "remote.yaml").suite
        #expect(suite.ssh == SuiteSSH(user: "bench", port: 2222, identity: "~/.ssh/bench_ed25519", jumpHost: "bastion",
                                      connectTimeoutSeconds: 30, knownHosts: "/etc/dsbench/known_hosts"))
    }

    @Test func badSSHValuesAreErrors() {
        let yaml = "suite: r\nssh: {port: 70000, usr: x}\nsteps: [{inventory: {}}]\n"
        do {
            _ = try SuiteLoader.load(text: yaml, file: "r.yaml")
            Issue.record("loaded a bad ssh block")
        } catch {
            let text = "\(error)"
            #expect(text.contains("ssh.port"), "\(text)")
            #expect(text.contains("'usr'"), "\(text)")
        }
    }

    @Test func excludeRemovesNodesFromEveryStep() throws {
        let yaml = "suite: x\nnodes: n[1-4]\nsteps:\n  - name: a\n    command: [true]\n"
        let suite = try SuiteLoader.load(text: yaml, file: "x.yaml").suite
        let plan = try Planner.plan(suite, overrides: PlanOverrides(exclude: ["n[2-3]"]))
        #expect(plan.steps.map(\.node) == ["n1", "n4"])
        #expect(throws: PlanError.self) { try Planner.plan(suite, overrides: PlanOverrides(exclude: ["n[1-4]"])) }
    }
}

@Suite struct NodeGroupTests {
    static let yaml = """
        suite: groups
        groups:
          h200: gpu-[01-04]
          a100: [old-1, old-2]
          both: ["@h200", "@a100"]
        nodes: "@h200"
        steps:
          - name: everywhere
            command: [true]
            nodes: "@both"
          - name: default
            command: [true]
        """

    @Test func groupsExpandInSuiteStepsAndOverrides() throws {
        let suite = try SuiteLoader.load(text: Self.yaml, file: "g.yaml").suite
        #expect(suite.groups["both"] == ["gpu-01", "gpu-02", "gpu-03", "gpu-04", "old-1", "old-2"])
        #expect(suite.nodes == ["gpu-01", "gpu-02", "gpu-03", "gpu-04"])
        let plan = try Planner.plan(suite)
        #expect(plan.steps.filter { $0.name == "everywhere" }.map(\.node)
                == ["gpu-01", "gpu-02", "gpu-03", "gpu-04", "old-1", "old-2"])
        let overridden = try Planner.plan(suite, overrides: PlanOverrides(nodes: ["@a100"], exclude: ["old-2"]))
        #expect(overridden.steps.map(\.node) == ["old-1", "old-1"])
        #expect(throws: PlanError.badNodes("@b200", reason: "no such group in the suite (groups: a100, both, h200)")) {
            try Planner.plan(suite, overrides: PlanOverrides(nodes: ["@b200"]))
        }
    }

    @Test func unknownGroupIsASuiteError() {
        let yaml = "suite: g\ngroups:\n  h200: gpu-[01-02]\nnodes: '@h20'\nsteps: [{inventory: {}}]\n"
        do {
            _ = try SuiteLoader.load(text: yaml, file: "g.yaml")
            Issue.record("loaded an unknown group")
        } catch {
            #expect("\(error)".contains("group '@h20'"), "\(error)")
            #expect("\(error)".contains("did you mean 'h200'"), "\(error)")
        }
    }
}

/// A job's argv with its hosts swapped (`Launcher.HostSwap`, what a pairwise plan builds each job
/// with) is the argv built whole for those hosts, for every launcher and host count.
@Suite struct HostSwapTests {
    static let launchers: [Launcher] = [
        .direct, .mpirun(MpirunOptions()), .mpirun(MpirunOptions(hostfile: "/etc/hosts.mpi")),
        .mpirun(MpirunOptions(flavour: .hpcx, allowRunAsRoot: true, rshAgent: "ssh -F x", extraArgs: ["-H", "odd"])),
        .srun(SrunOptions()), .srun(SrunOptions(gpusPerNode: 8, partition: "gpu")),
    ]

    @Test(arguments: launchers)
    func swappedHostsGiveTheArgvBuiltWhole(_ launcher: Launcher) {
        let first = Launcher.Job(hosts: ["gpu-001", "gpu-002"], ranksPerHost: 8, env: LauncherTests.env,
                                 program: ["/opt/nccl-tests/all_reduce_perf", "-g", "1"])
        let swap = launcher.hostSwap(first)
        for hosts in [["gpu-003", "gpu-004"], ["gpu-001", "gpu-002"], ["a", "b", "c"], ["localhost"], ["gpu-010", "gpu-009"]] {
            var job = first
            job.hosts = hosts
            #expect(swap.argv(hosts: hosts) == launcher.argv(for: job), "\(launcher) \(hosts)")
        }
    }
}
