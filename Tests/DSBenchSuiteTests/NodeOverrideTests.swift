import DSBenchCore
import DSBenchSuite
import Testing

/// `node_overrides:` — decoding, every bad case, and what the planner makes of it per node.
@Suite struct NodeOverrideTests {
    static let mixed = """
    suite: mixed
    groups:
      h100: gpu-[03-04]
    nodes: gpu-[01-04]
    ssh: {user: bench, port: 22}
    defaults:
      env: {NCCL_DEBUG: WARN, NCCL_SOCKET_IFNAME: eth0}
      workdir: /scratch
      nccl_tests_path: /opt/nccl-tests/build
    node_overrides:
      gpu-[01-04]:
        env: {SITE: a}
      '@h100':
        ssh: {port: 2222, user: ops, hostname: 10.0.0.9, connect_timeout: 3s, identity: /keys/h100, jump_host: bastion}
        env: {NCCL_SOCKET_IFNAME: "ib0 ib1"}
        gpus: 4
        nccl_tests_path: [/usr/local/nccl-tests, /opt/alt]
        workdir: /local/tmp
      gpu-04:
        env: {SITE: b}
        ssh: {port: 2200}
    steps:
      - name: ar
        nccl: all_reduce
        sizes: {min: 8, max: 8}
        gpus: auto
        env: {NCCL_DEBUG: INFO}
        env_matrix:
          ring: {NCCL_ALGO: Ring}
    """

    @Test func decodesEntriesInOrderWithExpandedNodes() throws {
        let suite = try loadSuite(Self.mixed)
        #expect(suite.nodeOverrides.map(\.selector) == ["gpu-[01-04]", "@h100", "gpu-04"])
        #expect(suite.nodeOverrides.map(\.nodes) == [["gpu-01", "gpu-02", "gpu-03", "gpu-04"], ["gpu-03", "gpu-04"], ["gpu-04"]])
        #expect(suite.nodeOverrides[1].ssh == SuiteSSH(user: "ops", port: 2222, identity: "/keys/h100", jumpHost: "bastion",
                                                       connectTimeoutSeconds: 3, hostName: "10.0.0.9"))
        #expect(suite.nodeOverrides[1].ncclTestsPath == ["/usr/local/nccl-tests", "/opt/alt"])
    }

    @Test func laterEntriesWinAndEnvAccumulates() throws {
        let suite = try loadSuite(Self.mixed)
        #expect(suite.settings(for: "gpu-01") == NodeSettings(env: [EnvVar("SITE", "a")]))
        let four = suite.settings(for: "gpu-04")
        #expect(four.env == [EnvVar("SITE", "b"), EnvVar("NCCL_SOCKET_IFNAME", "ib0 ib1")])
        #expect(four.ssh.port == 2200)
        #expect(four.ssh.user == "ops")
        #expect(four.gpus == 4)
        #expect(four.workdir == "/local/tmp")
        #expect(suite.sshSettings(for: "gpu-01") == SuiteSSH(user: "bench", port: 22))
        #expect(suite.sshSettings(for: "gpu-03") == SuiteSSH(user: "ops", port: 2222, identity: "/keys/h100", jumpHost: "bastion",
                                                           connectTimeoutSeconds: 3, hostName: "10.0.0.9"))
        #expect(suite.sshSettings(for: "gpu-04").port == 2200)
        #expect(suite.nodesWithSSHOverrides == ["gpu-03", "gpu-04"])
    }

    @Test func plannerAppliesEnvGpusPathsAndWorkdirPerNode() throws {
        let suite = try loadSuite(Self.mixed)
        let plan = try Planner.plan(suite, overrides: PlanOverrides(env: [EnvVar("NCCL_ALGO", "Tree")]))
        #expect(plan.steps.map(\.node) == ["gpu-01", "gpu-02", "gpu-03", "gpu-04"])
        let one = try #require(plan.steps.first { $0.node == "gpu-01" }?.commands.first)
        #expect(one.argv == ["all_reduce_perf", "-b", "8", "-e", "8", "-g", "{gpus}"])
        #expect(one.env == [EnvVar("NCCL_DEBUG", "INFO"), EnvVar("NCCL_SOCKET_IFNAME", "eth0"), EnvVar("SITE", "a"),
                            EnvVar("NCCL_ALGO", "Tree")])
        #expect(one.workingDirectory == "/scratch")
        #expect(one.searchPaths == ["/opt/nccl-tests/build"])
        let four = try #require(plan.steps.first { $0.node == "gpu-04" }?.commands.first)
        #expect(four.argv == ["all_reduce_perf", "-b", "8", "-e", "8", "-g", "4"])
        #expect(four.env == [EnvVar("NCCL_DEBUG", "INFO"), EnvVar("NCCL_SOCKET_IFNAME", "ib0 ib1"), EnvVar("SITE", "b"),
                             EnvVar("NCCL_ALGO", "Tree")])
        #expect(four.workingDirectory == "/local/tmp")
        #expect(four.searchPaths == ["/usr/local/nccl-tests", "/opt/alt"])
        let text = PlanText.render(plan)
        #expect(text.contains("all_reduce_perf -b 8 -e 8 -g 4\n      timeout 600s, parser nccl-tests, cwd /local/tmp, "
            + "search /usr/local/nccl-tests:/opt/alt then PATH"), "\(text)")
        #expect(text.contains("env: NCCL_DEBUG=INFO NCCL_SOCKET_IFNAME='ib0 ib1' SITE=b NCCL_ALGO=Tree"), "\(text)")
    }

    @Test func variantEnvWinsOverTheNodeOverride() throws {
        let suite = try loadSuite("""
        suite: v
        nodes: n1
        node_overrides:
          n1: {env: {NCCL_ALGO: Tree, X: node}}
        steps:
          - name: s
            command: [env]
            env: {X: step}
            env_matrix: {ring: {NCCL_ALGO: Ring}}
        """)
        #expect(try Planner.plan(suite).steps[0].commands[0].env == [EnvVar("X", "node"), EnvVar("NCCL_ALGO", "Ring")])
    }

    @Test func placementAllTakesRanksAndPathFromTheHosts() throws {
        let suite = try loadSuite("""
        suite: job
        nodes: gpu-[1-2]
        node_overrides:
          gpu-[1-2]: {gpus: 8, nccl_tests_path: /opt/nt}
        steps:
          - name: ar
            nccl: all_reduce
            gpus: 1
            placement: all
            launcher: {type: mpirun, ranks_per_node: gpus}
        """)
        let plan = try Planner.plan(suite)
        #expect(plan.steps.map(\.node) == ["local"])
        #expect(plan.steps[0].commands[0].argv == ["mpirun", "-np", "16", "-H", "gpu-1:8,gpu-2:8", "--map-by", "ppr:8:node",
                                                   "/opt/nt/all_reduce_perf", "-g", "1"])
    }

    @Test func placementAllRefusesHostsThatDisagree() throws {
        let suite = try loadSuite("""
        suite: job
        nodes: gpu-[1-2]
        node_overrides:
          gpu-1: {gpus: 8}
          gpu-2: {gpus: 4}
        steps:
          - {name: ar, nccl: all_reduce, placement: all, launcher: {type: mpirun, ranks_per_node: gpus}}
        """)
        #expect(throws: PlanError.nodesDisagree(step: "ar", reason: "its nodes differ in gpus (gpu-1: '8', gpu-2: '4'); "
            + "one launcher command starts every rank, so split the step by node set")) { try Planner.plan(suite) }
        let missing = try loadSuite("""
        suite: job
        nodes: gpu-[1-2]
        steps:
          - {name: ar, nccl: all_reduce, placement: all, launcher: {type: mpirun, ranks_per_node: gpus}}
        """)
        #expect(throws: PlanError.nodesDisagree(step: "ar", reason: "ranks_per_node: gpus needs 'gpus' in node_overrides "
            + "for every node of the step (missing for gpu-[1-2])")) { try Planner.plan(missing) }
    }

    @Test func keysMayNameStepNodesAndGroupMembers() throws {
        let suite = try loadSuite("""
        suite: k
        groups: {spare: gpu-9}
        nodes: gpu-1
        node_overrides:
          gpu-2: {gpus: 2}
          gpu-9: {gpus: 9}
        steps:
          - {name: s, command: [true], nodes: gpu-2}
        """)
        #expect(suite.nodeOverrides.map(\.nodes) == [["gpu-2"], ["gpu-9"]])
    }

    // MARK: - Bad input

    @Test func keyNamingNoNodeOfTheSuite() {
        let yaml = "suite: t\nnodes: gpu-[01-04]\nnode_overrides:\n  gpu-05: {gpus: 2}\nsteps: [{inventory: {}}]\n"
        #expect(loadErrors(yaml) == [
            "bad.yaml:4:3: error: node_overrides.gpu-05: found node 'gpu-05', expected a node of the suite "
                + "(in nodes:, a step's nodes: or a group); did you mean 'gpu-01'?",
        ])
    }

    @Test func unknownGroupKey() {
        let yaml = "suite: t\ngroups: {h100: n1}\nnodes: n1\nnode_overrides:\n  '@h10': {gpus: 2}\nsteps: [{inventory: {}}]\n"
        #expect(loadErrors(yaml) == [
            "bad.yaml:5:3: error: node_overrides.@h10: found group '@h10', expected a declared group (@h100); did you mean 'h100'?",
        ])
    }

    @Test func badHostlistKey() {
        let yaml = "suite: t\nnodes: n1\nnode_overrides:\n  'n[3-1]': {gpus: 2}\nsteps: [{inventory: {}}]\n"
        let errors = loadErrors(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("bad.yaml:4:3: error: node_overrides.n[3-1]: found 'n[3-1]', expected a hostlist") == true,
                "\(errors)")
    }

    @Test func unknownKeysInsideAnEntryAndItsSSH() {
        let yaml = """
        suite: t
        nodes: n1
        node_overrides:
          n1:
            gpu: 2
            ssh: {prot: 2222, known_hosts: /k}
        steps: [{inventory: {}}]
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:5:5: error: node_overrides.n1.gpu: found unknown key 'gpu', expected one of the node override keys: "
                + "ssh, env, gpus, nccl_tests_path, workdir; did you mean 'gpus'?",
            "bad.yaml:6:11: error: node_overrides.n1.ssh.prot: found unknown key 'prot', expected one of the ssh keys: "
                + "user, port, identity, jump_host, connect_timeout, hostname; did you mean 'port'?",
            "bad.yaml:6:23: error: node_overrides.n1.ssh.known_hosts: found unknown key 'known_hosts', expected one of the ssh keys: "
                + "user, port, identity, jump_host, connect_timeout, hostname",
        ])
    }

    @Test func badValues() {
        let yaml = """
        suite: t
        nodes: n1
        node_overrides:
          n1: {gpus: 0, ssh: {port: 70000}, env: {1BAD: x}, workdir: "", nccl_tests_path: {a: b}}
          '@none': 3
        steps: [{inventory: {}}]
        """
        let errors = loadErrors(yaml)
        #expect(errors == [
            "bad.yaml:4:14: error: node_overrides.n1.gpus: found '0', expected the GPU count of these nodes, 1 to 1024",
            "bad.yaml:4:29: error: node_overrides.n1.ssh.port: found '70000', expected a TCP port, 1 to 65535",
            "bad.yaml:4:43: error: node_overrides.n1.env.1BAD: found '1BAD', expected an environment variable name "
                + "(letters, digits and _, not starting with a digit)",
            "bad.yaml:4:62: error: node_overrides.n1.workdir: found an empty string, expected a directory path",
            "bad.yaml:4:83: error: node_overrides.n1.nccl_tests_path: found a mapping, expected a directory or a list "
                + "of directories holding *_perf binaries",
            "bad.yaml:5:3: error: node_overrides.@none: found group '@none', expected a group declared under 'groups:' (none are)",
        ], "\(errors)")
    }

    @Test func ranksPerNodeIsANumberOrGpus() {
        let yaml = "suite: t\nnodes: n1\nsteps:\n  - {name: s, command: [x], placement: all, launcher: {type: mpirun, ranks_per_node: gpu}}\n"
        #expect(loadErrors(yaml) == [
            "bad.yaml:4:86: error: steps[0].launcher.ranks_per_node: found 'gpu', expected a number from 1 to 1024, "
                + "or gpus (the nodes' node_overrides gpus)",
        ])
    }

    @Test func notAMapping() {
        let yaml = "suite: t\nnodes: n1\nnode_overrides: [n1]\nsteps: [{inventory: {}}]\n"
        #expect(loadErrors(yaml) == [
            "bad.yaml:3:17: error: node_overrides: found a list, expected a mapping of hostlist or @group to settings, "
                + "such as {gpu-[09-16]: {ssh: {port: 2222}, gpus: 4}}",
        ])
    }
}
