import DSBenchCore
import DSBenchSuite
import Foundation
import Testing

@Suite struct ShippedSuiteTests {
    @Test(arguments: ["smoke.yaml", "nightly.yaml", "quarterly.yaml", "examples/multinode.yaml",
                      "examples/commands.yaml", "examples/nccl-options.yaml"])
    func everyShippedSuiteLoadsAndPlans(_ file: String) throws {
        let loaded = try SuiteLoader.load(path: shippedSuitePath(file))
        let plan = try Planner.plan(loaded.suite)
        #expect(!plan.steps.isEmpty)
        #expect(plan.steps.map(\.seq) == Array(0..<plan.steps.count))
        #expect(Set(plan.steps.map(\.key)).count == plan.steps.count, "step keys must be unique")
        #expect(loaded.sha256.count == 64)
        let text = try String(contentsOfFile: shippedSuitePath(file), encoding: .utf8)
        #expect(loaded.sha256 == SHA256.hex(Array(text.utf8)))
    }

    @Test(arguments: ["smoke.yaml", "nightly.yaml", "quarterly.yaml"])
    func everyMainSuiteDisablesNVLS(_ file: String) throws {
        let suite = try SuiteLoader.load(path: shippedSuitePath(file)).suite
        #expect(suite.defaults.env.first { $0.name == "NCCL_NVLS_ENABLE" }?.value == "0")
        for step in try Planner.plan(suite).steps {
            for command in step.commands {
                #expect(command.env.contains(EnvVar("NCCL_NVLS_ENABLE", "0")), "\(step.key)")
            }
        }
    }

    /// The shipped suites diagnose by default: every nccl command they plan runs with the same
    /// NCCL_DEBUG=INFO and subsystems as a `diagnose: true` sweep, so the transport rules (P2P vs
    /// SHM, IB vs sockets, channels) have evidence on every run without an extra one.
    @Test(arguments: ["smoke.yaml", "nightly.yaml", "quarterly.yaml", "examples/multinode.yaml"])
    func everyNcclStepOfAMainSuiteCollectsTransportEvidence(_ file: String) throws {
        let suite = try SuiteLoader.load(path: shippedSuitePath(file)).suite
        let plan = try Planner.plan(suite)
        let nccl = plan.steps.filter { $0.kind == .nccl }
        #expect(!nccl.isEmpty)
        for step in nccl {
            for command in step.commands {
                for variable in DiagnosePlan.env { #expect(command.env.contains(variable), "\(step.key): \(variable)") }
            }
        }
        #expect(DiagnosePlan.env == [EnvVar("NCCL_DEBUG", "INFO"), EnvVar("NCCL_DEBUG_SUBSYS", "INIT,ENV,NET")])
        #expect(file == "quarterly.yaml" || DegradedSteps.identities(in: suite).isEmpty)
    }

    @Test func smokePlan() throws {
        let plan = try Planner.plan(SuiteLoader.load(path: shippedSuitePath("smoke.yaml")).suite)
        #expect(plan.suiteName == "smoke")
        #expect(plan.nodes == ["local"])
        #expect(plan.steps.map(\.key) == ["inventory#0@local", "all_reduce#0@local"])

        let inventory = plan.steps[0]
        #expect(inventory.kind == .inventory)
        #expect(inventory.captures.isEmpty)
        // `health: quick` (issue 14): the health --query-gpu and the kernel log after the fixed inventory.
        #expect(inventory.commands.map(\.label) == ["query-gpu", "topo", "nvlink", "smi", "uname", "os-release",
                                                    "smi-health", "kernel-log", "kernel-log-dmesg"])
        #expect(inventory.commands.map(\.timeoutSeconds) == Array(repeating: 300, count: 9))
        #expect(inventory.commands.suffix(3).allSatisfy { $0.optional })

        let allReduce = plan.steps[1]
        #expect(allReduce.commands.count == 1)
        let main = allReduce.commands[0]
        #expect(main.argv == ["all_reduce_perf", "-b", "8", "-e", "134217728", "-f", "2", "-g", "{gpus}",
                              "-n", "20", "-w", "5", "-c", "1"])
        #expect(main.needsGPUCount)
        #expect(main.resolvingGPUs(count: 1).argv[8] == "1")
        #expect(main.searchPaths == ["/opt/nccl-tests/build"])
        #expect(main.parser == .ncclTests)
        #expect(main.timeoutSeconds == 300)
        #expect(allReduce.captures == [PlannedCapture(
            name: "dmon", argv: ["nvidia-smi", "dmon", "-s", "pucvmet", "-d", "1", "-o", "DT"], parser: .dmon)])
    }

    @Test func nightlyPlan() throws {
        let plan = try Planner.plan(SuiteLoader.load(path: shippedSuitePath("nightly.yaml")).suite)
        #expect(plan.steps.count == 8)
        #expect(plan.steps.map(\.key) == [
            "inventory#0@local", "host_device_bandwidth#0@local", "all_reduce#0@local", "all_reduce#1@local",
            "all_reduce#2@local", "all_gather#0@local", "reduce_scatter#0@local", "alltoall#0@local",
        ])
        // Issue 14: host↔device bandwidth per GPU, asked for JSON.
        #expect(plan.steps[1].commands[0].argv == [
            "nvbandwidth", "-j", "-t", "host_to_device_memcpy_ce", "device_to_host_memcpy_ce",
            "host_to_device_memcpy_sm", "device_to_host_memcpy_sm",
        ])
        #expect(plan.steps[1].commands[0].parser == .nvbandwidth)
        #expect(plan.steps[2].commands[0].argv == [
            "all_reduce_perf", "-b", "8", "-e", "8589934592", "-f", "2", "-g", "{gpus}",
            "-n", "20", "-w", "5", "-c", "1", "-I", "1",
        ])
        #expect(plan.steps[7].commands[0].argv == [
            "alltoall_perf", "-b", "8", "-e", "1073741824", "-f", "2", "-g", "{gpus}", "-n", "20", "-w", "5", "-c", "1",
            "-I", "1",
        ])
        #expect(plan.steps[2].commands[0].timeoutSeconds == 1200)
        #expect(plan.steps.dropFirst().allSatisfy { $0.captures.map(\.name) == ["dmon"] })
    }

    @Test func quarterlyPlan() throws {
        let suite = try SuiteLoader.load(path: shippedSuitePath("quarterly.yaml")).suite
        let plan = try Planner.plan(suite)
        #expect(plan.steps.count == 59)   // 57 + nvbandwidth with every testcase + gpu_micro (issue 14)
        #expect(plan.steps.first { $0.name == "gpu_micro" }?.commands.first?.workload?.metrics.map(\.labels) == [
            ["gpu", "dtype", "mode"], ["gpu", "mode"], ["gpu", "mode"], ["gpu", "mode"]])
        let tests = Set(suite.steps.compactMap { step -> NcclTest? in
            if case .nccl(let nccl) = step.action { return nccl.test }
            return nil
        })
        #expect(tests == Set(NcclTest.allCases), "quarterly covers every collective")

        let allReduce = plan.steps.filter { $0.name == "all_reduce" }
        #expect(allReduce.map(\.key) == [
            "all_reduce[default]#0@local", "all_reduce[default]#1@local", "all_reduce[default]#2@local",
            "all_reduce[ring]#0@local", "all_reduce[ring]#1@local", "all_reduce[ring]#2@local",
            "all_reduce[tree]#0@local", "all_reduce[tree]#1@local", "all_reduce[tree]#2@local",
        ])
        #expect(allReduce[3].variantEnv == [EnvVar("NCCL_ALGO", "Ring")])
        #expect(allReduce[3].commands[0].env == [EnvVar("NCCL_NVLS_ENABLE", "0"), EnvVar("NCCL_DEBUG", "INFO"),
                                                 EnvVar("NCCL_DEBUG_SUBSYS", "INIT,ENV,NET"), EnvVar("NCCL_ALGO", "Ring")])
        #expect(allReduce[0].commands[0].argv == [
            "all_reduce_perf", "-b", "8", "-e", "17179869184", "-f", "2", "-g", "{gpus}",
            "-n", "50", "-w", "10", "-c", "1",
        ])

        let protocols = plan.steps.filter { $0.name == "all_reduce_protocols" }.map(\.variant)
        #expect(protocols == ["NCCL_PROTO=LL", "NCCL_PROTO=LL", "NCCL_PROTO=LL128", "NCCL_PROTO=LL128",
                              "NCCL_PROTO=Simple", "NCCL_PROTO=Simple"])

        let noP2P = try #require(plan.steps.first { $0.key == "all_reduce_p2p[no_p2p]#1@local" })
        #expect(noP2P.commands[0].env.last == EnvVar("NCCL_P2P_DISABLE", "1"))
        // P2P off is slow on purpose: declared so, on both steps that switch it off, and nowhere else.
        #expect(Set(plan.steps.filter(\.expectDegraded).map(\.key)) == [
            "all_reduce_p2p[no_p2p]#0@local", "all_reduce_p2p[no_p2p]#1@local",
            "alltoall[no_p2p]#0@local", "alltoall[no_p2p]#1@local", "alltoall[no_p2p]#2@local",
        ])
        #expect(DegradedSteps.identities(in: suite) == ["all_reduce_p2p[no_p2p]", "alltoall[no_p2p]"])
        #expect(plan.steps.filter(\.expectDegraded).allSatisfy { $0.variantEnv == [EnvVar("NCCL_P2P_DISABLE", "1")] })

        let reduce = try #require(plan.steps.first { $0.key == "reduce#0@local" })
        #expect(reduce.commands[0].argv == [
            "reduce_perf", "-b", "8", "-e", "8589934592", "-f", "2", "-g", "{gpus}",
            "-n", "50", "-w", "10", "-o", "sum", "-r", "0",
        ])
        #expect(plan.steps.first?.name == "inventory")
        #expect(plan.steps.last?.key == "inventory_after#0@local")
    }

    @Test func multinodeExamplePlansPerNodeAndOneLauncher() throws {
        let plan = try Planner.plan(SuiteLoader.load(path: shippedSuitePath("examples/multinode.yaml")).suite)
        #expect(plan.nodes == ["gpu-001", "gpu-002", "gpu-003", "gpu-004", "local"])
        #expect(plan.steps.count == 4 + 4 + 1)
        #expect(plan.steps.map(\.key).suffix(5) == [
            "all_reduce_node#0@gpu-001", "all_reduce_node#0@gpu-002", "all_reduce_node#0@gpu-003",
            "all_reduce_node#0@gpu-004", "all_reduce_cluster#0@local",
        ])
        let job = try #require(plan.steps.last)
        #expect(job.jobNodes == ["gpu-001", "gpu-002", "gpu-003", "gpu-004"])
        #expect(job.captures.map(\.node) == ["gpu-001", "gpu-002", "gpu-003", "gpu-004"])
        let launcher = try #require(job.commands.first)
        #expect(launcher.parser == .ncclTests)
        #expect(launcher.argv[0...6] == ["mpirun", "-np", "32", "-H", "gpu-001:8,gpu-002:8,gpu-003:8,gpu-004:8",
                                         "--map-by", "ppr:8:node"])
        #expect(launcher.argv.contains("NCCL_IB_HCA=mlx5"))
        #expect(launcher.timeoutSeconds == 2700)
    }

    @Test func ncclOptionsExampleMatchesItsComment() throws {
        let plan = try Planner.plan(SuiteLoader.load(path: shippedSuitePath("examples/nccl-options.yaml")).suite)
        #expect(plan.steps[0].commands[0].argv == [
            "reduce_perf", "-b", "1048576", "-e", "67108864", "-i", "1048576", "-g", "4", "-t", "2",
            "-n", "100", "-w", "10", "-c", "0", "-d", "all", "-o", "max", "-r", "-1", "-z", "1", "-a", "3",
        ])
        #expect(plan.steps[0].commands[0].env == [EnvVar("NCCL_NVLS_ENABLE", "0"), EnvVar("NCCL_DEBUG", "WARN")])
        #expect(plan.steps[0].commands[0].timeoutSeconds == 2400)
        #expect(plan.steps[1].commands[0].argv == [
            "broadcast_perf", "-b", "33554432", "-e", "33554432", "-g", "8", "-r", "3",
        ])
        #expect(plan.steps[1].captures.isEmpty, "no captures declared")
    }

    @Test func commandsExampleKeepsArgvIntact() throws {
        let plan = try Planner.plan(SuiteLoader.load(path: shippedSuitePath("examples/commands.yaml")).suite)
        #expect(plan.steps.count == 1 + 1 + 2 * 2)
        #expect(plan.steps[0].commands[0].argv == ["echo", "hello from dsbench"])
        #expect(plan.steps[0].commands[0].timeoutSeconds == 30)
        #expect(plan.steps[0].captures.isEmpty)
        #expect(plan.steps[1].commands[0].argv == ["sh", "-c", "nvidia-smi -q -d CLOCK | head -n 40"])
        let ddp = plan.steps[2]
        #expect(ddp.key == "ddp_step[NCCL_ALGO=Ring]#0@local")
        #expect(ddp.commands[0].workingDirectory == "/opt/workloads")
        #expect(ddp.commands[0].env.first { $0.name == "RUN_NOTE" }?.value == "values may hold spaces; quotes ' and \" too")
        #expect(ddp.captures.map(\.argv) == [["nvidia-smi", "dmon", "-s", "pu", "-d", "2", "-o", "DT"]])
        #expect(plan.steps[1].commands[0].workingDirectory == "/tmp")
    }
}
