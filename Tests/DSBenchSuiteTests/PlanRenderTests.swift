import DSBenchCore
import DSBenchSuite
import Testing

@Suite struct PlanRenderTests {
    @Test func textShowsOneBlockPerStep() throws {
        let suite = try loadSuite("""
        suite: render
        defaults:
          env: {NCCL_NVLS_ENABLE: "0"}
          nccl_tests_path: [/opt/nccl-tests/build]
        captures:
          dmon: {}
        steps:
          - name: ar
            nccl: all_reduce
            sizes: {min: 8, max: 1M, factor: 2}
            gpus: auto
            env_matrix: {ring: {NCCL_ALGO: Ring}}
          - {name: hi, command: [echo, "hello world"], timeout: 1.5, captures: []}
        """)
        let text = PlanText.render(try Planner.plan(suite))
        #expect(text == """
        suite render: 2 planned steps on 1 node (local)

        [0] ar[ring]#0@local  nccl
            main: all_reduce_perf -b 8 -e 1048576 -f 2 -g '{gpus}'
              timeout 600s, parser nccl-tests, search /opt/nccl-tests/build then PATH
              decided at run time: {gpus} = the node's GPU count (nvidia-smi -L); -J FILE appended where the binary accepts it (its JSON output; not with --no-nccl-json)
            env: NCCL_NVLS_ENABLE=0 NCCL_ALGO=Ring
            capture dmon: nvidia-smi dmon -s pucvmet -d 1 -o DT

        [1] hi#0@local  command
            main: echo 'hello world'
              timeout 1.5s
            env: NCCL_NVLS_ENABLE=0
            captures: none

        """)
    }

    @Test func textSummarisesManyNodesAsAHostlist() throws {
        let suite = try loadSuite("suite: n\nnodes: gpu-[001-004]\nsteps: [{inventory: {}}]\n")
        let text = PlanText.render(try Planner.plan(suite))
        #expect(text.hasPrefix("suite n: 4 planned steps on 4 nodes (gpu-[001-004])\n"))
        #expect(text.contains("    query-gpu: nvidia-smi --query-gpu=index,pci.bus_id,"))
        #expect(text.contains("    topo: nvidia-smi topo -m  (optional)\n"))
    }

    @Test func jsonRoundTripsAndIsStable() throws {
        let plan = try Planner.plan(SuiteLoader.load(path: shippedSuitePath("nightly.yaml")).suite)
        let json = try PlanJSON.encode(plan)
        #expect(try PlanJSON.decode(json) == plan)
        #expect(try PlanJSON.encode(plan) == json)
        #expect(json.contains(#""argv":["#))
        #expect(json.split(separator: "\n").count == plan.steps.count + 2, "one step a line, between the header and the end")
        #expect(json.contains(#""key""#) == false, "computed properties are not encoded")
        #expect(json.contains(#""/opt/nccl-tests/build""#), "slashes are not escaped")
    }
}
