import DSBenchCore

/// Which host each rank of an nccl step ran on, from what its output says (docs/formats.md
/// §1.5, §2.1, §2.5, §2.8), most direct evidence first:
///
/// 1. the nccl-tests device lines (`#  Rank  3 … on  gpu-001 device 3 …`): every rank, gathered by rank 0;
/// 2. NCCL's own lines: the `host:pid:tid` prefix of each rank's init lines and of its NET
///    `[send]`/`[receive]` lines (`NcclTransportSummary.rankHosts`);
/// 3. one host for every rank when NCCL counted one node (`nNodes 1`), or when every line of the
///    output names the same host and nothing says there were more nodes. The last case is what a
///    log cut down to a few lines leaves (issue 11 quotes seven lines of a single-node socket run,
///    all `vm:7114:…`); a per-node log of a multi-node job keeps its `nNodes N` init line, which
///    turns this off.
struct RankHosts {
    private var hosts: [Int: String] = [:]
    /// Every rank ran on one host (case 3).
    private var singleHost = false

    init(_ step: HealthNcclStep) {
        for device in step.devices { hosts[device.rank] = device.host.trimmingSpaces }
        let transport = step.transport
        for (rank, host) in transport?.rankHosts ?? [:] where hosts[rank] == nil { hosts[rank] = host }
        switch transport?.nodes {
        // NCCL counts nodes by host hash: trusted over host names (containers on one node can differ).
        case 1?: singleHost = true
        case nil: singleHost = Set(hosts.values).union(transport?.hosts ?? []).count == 1
        default: singleHost = false
        }
    }

    /// True when both ranks are known to have run on the same host.
    func sameHost(_ a: Int, _ b: Int) -> Bool {
        if singleHost { return true }
        guard let x = hosts[a], let y = hosts[b] else { return false }
        return x == y
    }
}
