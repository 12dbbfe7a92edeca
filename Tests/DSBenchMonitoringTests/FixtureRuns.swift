import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import DSBenchVerdict
import Foundation

/// Stores made from the real captures in Tests/Fixtures, judged the way `compare` and `check`
/// judge (findings and verdict stored), each run with the metrics dsbench exports for it.
struct FixtureRuns {
    struct Run {
        var label: String
        var store: Store
        var runID: Int64
        var model: MetricsModel
    }

    let directory: URL
    var runs: [Run] = []

    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_341_600) }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Every ingested fixture set: the 8×H200 fleet (a pass, then a fail with the P2P-disabled node),
    /// the 1-GPU captures (the implausible broadcast fails), a run with a log that holds no results
    /// (error), the 2×H200 per-iteration repeats, the 2×H200 workload trace and OOM log.
    static func make() throws -> FixtureRuns {
        let directory = try makeScratchDirectory("dsbench-monitoring")
        var fixtures = FixtureRuns(directory: directory)
        func file(_ kind: ParserKind, _ name: String, _ capture: String) throws -> Ingestor.File {
            Ingestor.File(kind: kind, path: name, bytes: Array(try Fixtures.data(capture)))
        }
        func open(_ name: String) throws -> (Store, Ingestor) {
            let store = try Store.open(path: directory.appendingPathComponent("\(name).db").path)
            return (store, Ingestor(store: store, version: "0.1.0-test", clock: clock))
        }

        let (fleet, fleetIngest) = try open("fleet")
        let suite = "sample-h200"
        let baseline = try fleetIngest.ingest([try file(.ncclTests, "all_reduce.txt", "h200-x8/b_all_reduce_8-8G_r2.txt")],
                                              node: "h200-a", runID: nil, suiteName: suite).runID
        try fixtures.judge("fleet baseline", fleet, baseline, against: nil)
        let run = try fleetIngest.ingest([
            try file(.queryGPU, "query-gpu.txt", "h200-x8/a_query-gpu_csv.txt"),
            try file(.topo, "topo.txt", "h200-x8/a_topo-m.txt"),
            try file(.ncclTests, "all_reduce.txt", "h200-x8/b_all_reduce_8-8G_r1.txt"),
            try file(.ncclTests, "all_gather.txt", "h200-x8/c_all_gather_8-1G.txt"),
            try file(.ncclTests, "reduce_scatter.txt", "h200-x8/c_reduce_scatter_8-1G.txt"),
            try file(.ncclTests, "alltoall.txt", "h200-x8/c_alltoall_8-1G.txt"),
            try file(.ncclTests, "broadcast.txt", "h200-x8/c_broadcast_8-1G.txt"),
            try file(.dmon, "dmon.txt", "h200-x8/f_dmon_pucvmet_during_allreduce.txt"),
        ], node: "h200-a", runID: nil, suiteName: suite).runID
        _ = try fleetIngest.ingest([try file(.ncclTests, "all_reduce.txt", "h200-x8/b_all_reduce_8-8G_c1_n50.txt"),
                                    try file(.queryGPU, "query-gpu.txt", "h200-x8/a_query-gpu_csv.txt")], node: "h200-b", runID: run)
        _ = try fleetIngest.ingest([try file(.ncclTests, "all_reduce.txt", "h200-x8/e_p2p_disable.txt"),
                                    try file(.topo, "topo.txt", "h200-x8/a_topo-m.txt"),
                                    try file(.queryGPU, "query-gpu.txt", "h200-x8/a_query-gpu_csv.txt")], node: "h200-c", runID: run)
        try fixtures.judge("fleet", fleet, run, against: baseline)

        let (oneGPU, oneIngest) = try open("one-gpu")
        let single = try oneIngest.ingest([try file(.ncclTests, "all_reduce.txt", "h200-x1/nccl_all_reduce_1gpu.txt"),
                                           try file(.ncclTests, "broadcast.txt", "h200-x1/nccl_broadcast_1gpu.txt")],
                                          node: "h200-x1", runID: nil, suiteName: "one-gpu").runID
        try fixtures.judge("1 GPU", oneGPU, single, against: nil)

        // A step whose log holds no results (the program's --help), beside a good one: an execution error.
        let partial = try oneIngest.ingest([try file(.ncclTests, "all_reduce.txt", "h200-x8/b_all_reduce_8-8G_r1.txt"),
                                            try file(.ncclTests, "help.txt", "h200-x8/00_all_reduce_perf_help.txt")],
                                           node: "h200-x8", runID: nil, suiteName: "partial").runID
        try fixtures.judge("partial", oneGPU, partial, against: nil)

        let (iterations, iterIngest) = try open("iterations")
        for name in ["j_all_reduce_I_r1", "j_all_reduce_I_r2", "j_all_reduce_I_r3", "j_all_reduce_I_K3", "j_all_reduce_I_p2p_disable"] {
            let id = try iterIngest.ingest([try file(.ncclTests, "all_reduce.txt", "h200-x2-iter/\(name).txt")],
                                           node: "h200-x2", runID: nil, suiteName: "iter").runID
            try fixtures.judge("iterations \(name)", iterations, id, against: id == 1 ? nil : 1)
        }

        let (workload, workloadIngest) = try open("workload")
        let traced = try workloadIngest.ingest([
            try file(.torchTrace, "trace.json.gz", "h200-x2-workload/tiny_ddp_trace_rank0_steps10-14.json.gz"),
            try file(.workloadLog, "oom.txt", "h200-x2-workload/oom_torchrun_stderr.txt"),
            try file(.torchTrace, "trace8.json.gz", "h200-x8/ddp_trace_rank0_steps20-24.json.gz"),
        ], node: "h200-x2", runID: nil, suiteName: "workload-ingest").runID
        try fixtures.judge("workload trace", workload, traced, against: nil)
        return fixtures
    }

    mutating func judge(_ label: String, _ store: Store, _ runID: Int64, against baseline: Int64?) throws {
        _ = try RunJudgement.judge(runID: runID, baseline: baseline.map(String.init), baselineRequired: baseline != nil,
                                   judgedBy: "test", record: true, store: store)
        // What `export prometheus` exports: the stored verdict.
        let stored = try RunJudgement.current(runID: runID, store: store)
        let model = try MonitoringData.load(runID: runID, judgement: stored, exporterVersion: "0.1.0-test", store: store)
        runs.append(Run(label: label, store: store, runID: runID, model: model))
    }

    func run(_ label: String) -> Run? { runs.first { $0.label == label } }
}
