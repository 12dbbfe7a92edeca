import DSBenchCore
import DSBenchEngine
import DSBenchStore
import DSBenchTestSupport
import Foundation

/// A store built from the real 8×H200 captures, laid out as a small fleet, the same way
/// `Scripts/sample-report.sh` builds `reports/sample/`:
/// - run 1 (baseline, suite `sample-h200`): `all_reduce.txt` on h200-a = the r2 repeat;
/// - run 2 (suite `sample-h200`): h200-a has the r1 all_reduce, the other four collectives, the
///   inventory and dmon; h200-b the `-c 1 -n 50` all_reduce; h200-c the NCCL_P2P_DISABLE=1
///   all_reduce (shared memory instead of NVLink: a degraded node).
struct SampleFleet {
    let store: Store
    let directory: URL
    let baselineRunID: Int64
    let runID: Int64

    static let suite = "sample-h200"
    /// Fixed, so that the snapshot does not move with the clock.
    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_341_600) }  // 2026-11-22T10:00:00Z

    static func make() throws -> SampleFleet {
        let directory = try makeScratchDirectory("dsbench-report")
        let store = try Store.open(path: directory.appendingPathComponent("sample.db").path)
        let ingestor = Ingestor(store: store, version: "0.1.0-test", clock: clock)
        func file(_ kind: ParserKind, _ name: String, _ capture: String) throws -> Ingestor.File {
            Ingestor.File(kind: kind, path: name, bytes: Array(try Fixtures.data("h200-x8/" + capture)))
        }
        let baseline = try ingestor.ingest([try file(.ncclTests, "all_reduce.txt", "b_all_reduce_8-8G_r2.txt")],
                                           node: "h200-a", runID: nil, suiteName: suite).runID
        let run = try ingestor.ingest([
            try file(.queryGPU, "query-gpu.txt", "a_query-gpu_csv.txt"),
            try file(.topo, "topo.txt", "a_topo-m.txt"),
            try file(.smiSummary, "nvidia-smi.txt", "a_nvidia-smi.txt"),
            try file(.uname, "uname.txt", "a_uname.txt"),
            try file(.osRelease, "os-release.txt", "a_os-release.txt"),
            try file(.ncclTests, "all_reduce.txt", "b_all_reduce_8-8G_r1.txt"),
            try file(.ncclTests, "all_gather.txt", "c_all_gather_8-1G.txt"),
            try file(.ncclTests, "reduce_scatter.txt", "c_reduce_scatter_8-1G.txt"),
            try file(.ncclTests, "alltoall.txt", "c_alltoall_8-1G.txt"),
            try file(.ncclTests, "broadcast.txt", "c_broadcast_8-1G.txt"),
            try file(.dmon, "dmon.txt", "f_dmon_pucvmet_during_allreduce.txt"),
        ], node: "h200-a", runID: nil, suiteName: suite).runID
        _ = try ingestor.ingest([try file(.ncclTests, "all_reduce.txt", "b_all_reduce_8-8G_c1_n50.txt"),
                                 try file(.queryGPU, "query-gpu.txt", "a_query-gpu_csv.txt")],
                                node: "h200-b", runID: run)
        _ = try ingestor.ingest([try file(.ncclTests, "all_reduce.txt", "e_p2p_disable.txt"),
                                 try file(.queryGPU, "query-gpu.txt", "a_query-gpu_csv.txt")],
                                node: "h200-c", runID: run)
        return SampleFleet(store: store, directory: directory, baselineRunID: baseline, runID: run)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
