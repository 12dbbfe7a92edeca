import DSBenchCore
import DSBenchSuite
import Testing

@Suite struct PlannerTests {
    @Test func expansionOrderIsStepsThenVariantsThenRepeatsThenNodes() throws {
        let suite = try loadSuite("""
        suite: order
        nodes: 'n[1-2]'
        steps:
          - name: a
            command: [true]
            env_matrix: {x: {V: "1"}, y: {V: "2"}}
            repeat: 2
          - name: b
            command: [true]
        """)
        let keys = try Planner.plan(suite).steps.map(\.key)
        #expect(keys == [
            "a[x]#0@n1", "a[x]#0@n2", "a[x]#1@n1", "a[x]#1@n2",
            "a[y]#0@n1", "a[y]#0@n2", "a[y]#1@n1", "a[y]#1@n2",
            "b#0@n1", "b#0@n2",
        ])
    }

    @Test func envPrecedenceIsDefaultsThenStepThenVariantThenOverride() throws {
        let suite = try loadSuite("""
        suite: env
        defaults:
          env: {A: defaults, B: defaults, C: defaults, D: defaults}
        steps:
          - name: s
            command: [env]
            env: {B: step, C: step, E: step}
            env_matrix:
              v: {C: variant, F: variant}
        """)
        let plan = try Planner.plan(suite, overrides: PlanOverrides(env: [EnvVar("D", "cli"), EnvVar("G", "cli")]))
        #expect(plan.steps[0].commands[0].env == [
            EnvVar("A", "defaults"), EnvVar("B", "step"), EnvVar("C", "variant"), EnvVar("D", "cli"),
            EnvVar("E", "step"), EnvVar("F", "variant"), EnvVar("G", "cli"),
        ])
        #expect(plan.steps[0].variant == "v")
        #expect(plan.steps[0].variantEnv == [EnvVar("C", "variant"), EnvVar("F", "variant")])
    }

    @Test func envValuesKeepTheirYAMLSpelling() throws {
        let suite = try loadSuite("""
        suite: spelling
        steps:
          - name: s
            command: [env]
            env: {ZERO: 0, OCTALISH: 007, YES: yes, FLOAT: 1.50, EMPTY: "", HEX: 0x10}
        """)
        #expect(suite.steps[0].env.map(\.value) == ["0", "007", "yes", "1.50", "", "0x10"])
    }

    @Test func hostileValuesStaySingleArgvElements() throws {
        let suite = try loadSuite(#"""
        suite: quoting
        defaults:
          workdir: "/tmp/dir with spaces"
        steps:
          - name: c
            command: [printf, "%s\n", "two words", "it's \"quoted\"", "; rm -rf /", "$(reboot)", "*", "a\tb"]
            env: {NOTE: "; rm -rf / && echo 'x'"}
          - name: n
            nccl: all_reduce
            extra_args: ["-x", "; rm -rf /", "two words"]
        """#)
        let plan = try Planner.plan(suite)
        let command = plan.steps[0].commands[0]
        #expect(command.argv == ["printf", "%s\n", "two words", "it's \"quoted\"", "; rm -rf /", "$(reboot)", "*",
                                 "a\tb"])
        #expect(command.env == [EnvVar("NOTE", "; rm -rf / && echo 'x'")])
        #expect(command.workingDirectory == "/tmp/dir with spaces")
        #expect(plan.steps[1].commands[0].argv == ["all_reduce_perf", "-x", "; rm -rf /", "two words"])

        // The display form quotes them so that a shell would see the same words.
        let text = PlanText.render(plan)
        #expect(text.contains(#"main: printf '%s"#))
        #expect(text.contains(#"'two words' 'it'\''s "quoted"' '; rm -rf /' '$(reboot)' '*'"#))
        #expect(text.contains(#"env: NOTE='; rm -rf / && echo '\''x'\'''"#))
    }

    @Test func ncclArgvPassesOnlyWhatIsSet() throws {
        let suite = try loadSuite("""
        suite: argv
        steps:
          - name: bare
            nccl: all_gather_perf
          - name: full
            nccl: gather
            sizes: {min: 8, max: 8G, factor: 2}
            gpus: 8
            threads: 1
            iters: 20
            warmup: 5
            check: 1
            dtype: float
            op: sum
            root: 0
            extra_args: ["-z", "1"]
          - name: stepped
            nccl: sendrecv
            sizes: {min: 1M, max: 4M, step: 1M}
            gpus: auto
          - name: timed
            nccl: all_reduce
            iters: 20
            per_iteration: true
            per_iteration_skip: 3
            extra_args: ["-z", "1"]
          - name: untimed
            nccl: all_reduce
            per_iteration: false
        """)
        let argv = try Planner.plan(suite).steps.map { $0.commands[0].argv }
        #expect(argv[0] == ["all_gather_perf"])
        #expect(argv[1] == ["gather_perf", "-b", "8", "-e", "8589934592", "-f", "2", "-g", "8", "-t", "1",
                            "-n", "20", "-w", "5", "-c", "1", "-d", "float", "-o", "sum", "-r", "0", "-z", "1"])
        #expect(argv[2] == ["sendrecv_perf", "-b", "1048576", "-e", "4194304", "-i", "1048576", "-g", "{gpus}"])
        #expect(argv[3] == ["all_reduce_perf", "-n", "20", "-I", "1", "-K", "3", "-z", "1"])
        #expect(argv[4] == ["all_reduce_perf"])
    }

    @Test func gpuPlaceholderIsResolvedOnlyAfterDashG() throws {
        let command = PlannedCommand(label: "main", argv: ["x_perf", "-g", "{gpus}", "-z", "{gpus}"],
                                     timeoutSeconds: 1)
        #expect(command.needsGPUCount)
        let resolved = command.resolvingGPUs(count: 8)
        #expect(resolved.argv == ["x_perf", "-g", "8", "-z", "{gpus}"])
        #expect(!resolved.needsGPUCount)
        let step = PlannedStep(seq: 0, name: "s", kind: .nccl, node: "local", commands: [command])
        #expect(step.needsGPUCount)
        #expect(step.resolvingGPUs(count: 2).commands[0].argv == ["x_perf", "-g", "2", "-z", "{gpus}"])
        let fixed = PlannedCommand(label: "main", argv: ["x_perf", "-g", "4"], timeoutSeconds: 1)
        #expect(!fixed.needsGPUCount)
        #expect(fixed.resolvingGPUs(count: 8) == fixed)
    }

    @Test func timeoutsComeFromStepThenDefaultsThenKind() throws {
        let bare = try loadSuite("""
        suite: t
        steps:
          - nccl: all_reduce
          - inventory: {}
          - {name: c, command: [true]}
          - {name: d, command: [true], timeout: 45s}
        """)
        let plan = try Planner.plan(bare)
        #expect(plan.steps.map { $0.commands[0].timeoutSeconds } == [600, 120, 600, 45])
        #expect(plan.steps[1].commands.allSatisfy { $0.timeoutSeconds == 120 })

        let withDefault = try loadSuite("suite: t\ndefaults: {timeout: 1h}\nsteps: [{inventory: {}}, {nccl: reduce}]\n")
        #expect(try Planner.plan(withDefault).steps.map { $0.commands[0].timeoutSeconds } == [3600, 3600])
    }

    @Test func inventoryCommands() throws {
        let plan = try Planner.plan(loadSuite("suite: t\nsteps:\n  - inventory:\n"))
        let commands = plan.steps[0].commands
        #expect(commands.map(\.argv) == [
            ["nvidia-smi", "--query-gpu=index,pci.bus_id,uuid,driver_version,vbios_version,memory.total,"
                + "pcie.link.gen.current,pcie.link.gen.max,pcie.link.width.current,pcie.link.width.max,compute_cap,"
                + "persistence_mode,power.limit,clocks.max.sm,clocks.max.mem,name", "--format=csv,nounits"],
            ["nvidia-smi", "topo", "-m"], ["nvidia-smi", "nvlink", "-s"], ["nvidia-smi"], ["uname", "-r"],
            ["cat", "/etc/os-release"],
        ])
        #expect(commands.map(\.parser) == [.queryGPU, .topo, .nvlink, .smiSummary, .uname, .osRelease])
        #expect(commands.map(\.optional) == [false, true, true, true, true, true])
        #expect(plan.steps[0].key == "inventory#0@local")
    }

    @Test func capturesDefaultOnOptOutAndOptInForInventory() throws {
        let suite = try loadSuite("""
        suite: c
        captures:
          dmon: {metrics: pu, interval: 5}
        steps:
          - inventory: {}
          - name: inv2
            inventory: {}
            captures: [dmon]
          - nccl: all_reduce
          - name: quiet
            nccl: all_gather
            captures: []
          - name: cmd
            command: [sleep, 1]
        """)
        let captures = try Planner.plan(suite).steps.map { $0.captures.map(\.argv) }
        let dmon = ["nvidia-smi", "dmon", "-s", "pu", "-d", "5", "-o", "DT"]
        #expect(captures == [[], [dmon], [dmon], [], [dmon]])
        let bareDmon = try loadSuite("suite: c\ncaptures: {dmon: }\nsteps: [{nccl: all_reduce}]\n")
        #expect(try Planner.plan(bareDmon).steps[0].captures[0].argv
                == ["nvidia-smi", "dmon", "-s", "pucvmet", "-d", "1", "-o", "DT"])
    }

    @Test func searchPathsAndWorkdir() throws {
        let suite = try loadSuite("""
        suite: p
        defaults:
          nccl_tests_path: /opt/a
          workdir: /tmp
        steps:
          - nccl: all_reduce
            workdir: /scratch
          - {name: c, command: [ls]}
        """)
        let plan = try Planner.plan(suite)
        #expect(plan.steps[0].commands[0].searchPaths == ["/opt/a"])
        #expect(plan.steps[0].commands[0].workingDirectory == "/scratch")
        #expect(plan.steps[1].commands[0].searchPaths == [])
        #expect(plan.steps[1].commands[0].workingDirectory == "/tmp")
    }

    @Test func overrides() throws {
        let suite = try loadSuite("""
        suite: o
        nodes: gpu-[1-2]
        steps:
          - {nccl: all_reduce, repeat: 3}
          - {nccl: all_gather}
          - {name: launcher, command: [mpirun], nodes: gpu-1}
        """)
        #expect(try Planner.plan(suite).steps.count == 3 * 2 + 2 + 1)
        let repeated = try Planner.plan(suite, overrides: PlanOverrides(repeatCount: 1, only: ["all_reduce"]))
        #expect(repeated.steps.map(\.key) == ["all_reduce#0@gpu-1", "all_reduce#0@gpu-2"])
        let renoded = try Planner.plan(suite, overrides: PlanOverrides(only: ["launcher", "all_gather"],
                                                                       nodes: ["gpu-[7-8]"]))
        #expect(renoded.steps.map(\.key) == ["all_gather#0@gpu-7", "all_gather#0@gpu-8",
                                             "launcher#0@gpu-7", "launcher#0@gpu-8"])
        #expect(renoded.nodes == ["gpu-7", "gpu-8"])

        #expect(throws: PlanError.unknownStep("all_redcue", suggestion: "all_reduce")) {
            try Planner.plan(suite, overrides: PlanOverrides(only: ["all_redcue"]))
        }
        #expect(throws: PlanError.badRepeat(0)) { try Planner.plan(suite, overrides: PlanOverrides(repeatCount: 0)) }
        #expect(throws: PlanError.emptyPlan) { try Planner.plan(suite, overrides: PlanOverrides(only: [])) }
        #expect(throws: PlanError.badNodes("gpu-[2-1]", reason: "range 2-1 goes down (2 > 1)")) {
            try Planner.plan(suite, overrides: PlanOverrides(nodes: ["gpu-[2-1]"]))
        }
        #expect(throws: PlanError.badEnvName("A-B")) {
            try Planner.plan(suite, overrides: PlanOverrides(env: [EnvVar("A-B", "x")]))
        }
        #expect(PlanError.unknownStep("x", suggestion: "y").description == "no step named 'x'; did you mean 'y'?")
    }

    @Test func yamlAnchorsAndMergeKeysWork() throws {
        let suite = try loadSuite("""
        suite: anchors
        steps:
          - &base
            name: a
            nccl: all_reduce
            sizes: {min: 8, max: 1M, factor: 2}
            env: {X: "1", Y: "1"}
          - <<: *base
            name: b
            env: {Y: "2"}
        """)
        let plan = try Planner.plan(suite)
        #expect(plan.steps.map(\.key) == ["a#0@local", "b#0@local"])
        #expect(plan.steps[1].commands[0].argv == plan.steps[0].commands[0].argv)
        #expect(plan.steps[1].commands[0].env == [EnvVar("Y", "2")])
    }

    @Test func envMatrixListFormIsLabelledFromItsEnv() throws {
        let suite = try loadSuite("""
        suite: m
        steps:
          - nccl: all_reduce
            env_matrix:
              - {NCCL_ALGO: Ring, NCCL_PROTO: LL}
              - {NCCL_ALGO: Tree}
        """)
        let plan = try Planner.plan(suite)
        #expect(plan.steps.map(\.variant) == ["NCCL_ALGO=Ring,NCCL_PROTO=LL", "NCCL_ALGO=Tree"])
        #expect(plan.steps[0].key == "all_reduce[NCCL_ALGO=Ring,NCCL_PROTO=LL]#0@local")
    }

    @Test func planIsAPureFunction() throws {
        let suite = try SuiteLoader.load(path: shippedSuitePath("quarterly.yaml")).suite
        #expect(try Planner.plan(suite) == Planner.plan(suite))
    }
}

@Test func largeHostlistsPlanQuickly() throws {
    let suite = try loadSuite("suite: big\nnodes: 'n[00001-50000]'\nsteps: [{nccl: all_reduce}, {inventory: {}}]\n")
    let plan = try Planner.plan(suite)
    #expect(plan.nodes.count == 50_000)
    #expect(plan.steps.count == 100_000)
    #expect(plan.steps.last?.key == "inventory#0@n50000")
    #expect(Hostlist.compress(plan.nodes) == "n[00001-50000]")
}
