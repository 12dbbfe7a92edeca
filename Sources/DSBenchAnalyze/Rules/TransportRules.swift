import DSBenchCore

/// How NCCL moved data, from NCCL_DEBUG=INFO lines (the transport summary of each nccl step).
enum TransportRules {
    static let all: [HealthRule] = [sharedMemory, networkInsideNode, sockets, fewerChannels, ncclWarnings]

    static let sharedMemory = HealthRule(
        id: "nccl.transport.shm", severity: .warning,
        summary: "P2P disabled: traffic between GPUs that have NVLink goes through host shared memory",
        hint: "unset NCCL_P2P_DISABLE / NCCL_P2P_LEVEL, check `nvidia-smi topo -p2p r`, ACS and the IOMMU; NVLink P2P is ~30× faster",
        check: { input, rule in
            input.ncclSteps.compactMap { step -> Finding? in
                guard let transport = step.transport else { return nil }
                let shm = transport.connections.filter { $0.transport == .shm }
                guard !shm.isEmpty else { return nil }
                let topology = input.topologies[step.node]
                let nvlinked = shm.filter { connection in
                    guard let topology, let a = connection.fromDevice.flatMap({ Int($0) }),
                          let b = connection.toDevice.flatMap({ Int($0) }) else { return false }
                    return topology.hasNVLink(a, b)
                }
                // With a topology that shows no NVLink between these GPUs, shared memory may be the best path.
                if topology != nil && nvlinked.isEmpty { return nil }
                let judged = topology == nil ? shm : nvlinked
                let p2p = transport.connections.filter { $0.transport.isP2P }.count
                var message = "P2P disabled, traffic through shared memory: \(judged.count) of "
                    + "\(transport.connections.count) channel connections"
                message += topology == nil ? " (no topology captured to confirm NVLink)" : " between NVLink-connected GPUs"
                message += " use \(judged[0].path)" + (p2p == 0 ? ", none uses P2P" : "")
                if let value = transport.environment["NCCL_P2P_DISABLE"] { message += "; NCCL_P2P_DISABLE=\(value) is set" }
                var evidence = "line \(judged[0].line): \(judged[0].text)"
                if let line = transport.environmentLines["NCCL_P2P_DISABLE"] { evidence += " | \(line)" }
                return rule.finding(message, node: step.node, step: step.key, evidence: evidence,
                                    observed: Double(judged.count), expected: 0)
            }
        })

    /// A NET connection between two ranks of one host: NCCL found neither P2P nor shared memory
    /// usable between them and went out through a NIC (or the loopback socket). On 8×H200 with
    /// `NCCL_P2P_DISABLE=1 NCCL_SHM_DISABLE=1` that is `NET/Socket` at 0.6 % of the NVLink busbw
    /// (issue 11). Judged whatever InfiniBand devices exist; sockets between nodes are `sockets`.
    static let networkInsideNode = HealthRule(
        id: "nccl.transport.net_in_node", severity: .warning,
        summary: "NCCL sent traffic between GPUs of the same host through the network transport (NET/Socket or NET/IB)",
        hint: "P2P and SHM disabled by the environment? look at NCCL_P2P_DISABLE / NCCL_SHM_DISABLE (and NCCL_P2P_LEVEL), "
            + "ACS and the IOMMU (`nvidia-smi topo -p2p r`), and containers without /dev/shm (or with a tiny one)",
        check: { input, rule in
            input.ncclSteps.compactMap { step -> Finding? in
                guard let transport = step.transport else { return nil }
                let placement = RankHosts(step)
                let inside = transport.connections.filter {
                    $0.transport.isNet && placement.sameHost($0.fromRank, $0.toRank)
                }
                guard let first = inside.first else { return nil }
                let kinds = distinct(inside.map { netName($0.path) })
                let hosts = distinct(inside.compactMap(\.host))
                let channels = Set(inside.map(\.channel)).count
                var message = "\(step.key): NCCL connected GPUs of one host (\(hosts.isEmpty ? step.node : hosts.joined(separator: ", "))) "
                    + "through \(kinds.joined(separator: " and ")): \(plural(inside.count, "channel connection")) on "
                    + "\(plural(channels, "channel")) instead of P2P or shared memory"
                let disabling = ["NCCL_P2P_DISABLE", "NCCL_SHM_DISABLE"].filter { transport.environment[$0] != nil }
                if !disabling.isEmpty {
                    message += "; " + disabling.map { "\($0)=\(transport.environment[$0] ?? "")" }.joined(separator: " ") + " set"
                }
                var evidence = "line \(first.line): \(first.text)"
                for name in disabling { if let line = transport.environmentLines[name] { evidence += " | \(line)" } }
                return rule.finding(message, node: step.node, step: step.key, evidence: evidence,
                                    observed: Double(inside.count), expected: 0)
            }
        })

    private static func distinct(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    private static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)" + (count == 1 ? "" : "s") }

    /// `NET/Socket/0` → `NET/Socket`, `NET/IB/1/GDRDMA` → `NET/IB`.
    private static func netName(_ path: String) -> String {
        path.split(separator: "/", maxSplits: 2).prefix(2).joined(separator: "/")
    }

    static let sockets = HealthRule(
        id: "nccl.transport.socket", severity: .warning,
        summary: "NCCL used TCP sockets between nodes although InfiniBand/RoCE devices exist",
        hint: "look at NCCL_IB_DISABLE, NCCL_NET, NCCL_IB_HCA and the RDMA stack (`ibv_devinfo`, rdma-core, the net plugin)",
        check: { input, rule in
            input.ncclSteps.compactMap { step -> Finding? in
                guard let transport = step.transport else { return nil }
                // Sockets between GPUs of one host are `networkInsideNode`'s, whatever IB exists.
                let placement = RankHosts(step)
                let socketConnections = transport.connections.filter {
                    $0.transport == .netSocket && !placement.sameHost($0.fromRank, $0.toRank)
                }
                let multiNode = (transport.nodes ?? 1) > 1 || transport.hosts.count > 1
                let usesSockets = !socketConnections.isEmpty || (multiNode && transport.networks.contains("Socket"))
                guard usesSockets else { return nil }
                let adapters = transport.ibDevices.isEmpty
                    ? (input.topologies[step.node]?.ibAdapters ?? []) : transport.ibDevices
                guard !adapters.isEmpty else { return nil }
                let evidenceLine = socketConnections.first.map { "line \($0.line): \($0.text)" }
                    ?? "Using network \(transport.networks.joined(separator: ", "))"
                var evidence = evidenceLine + " | IB devices: " + adapters.joined(separator: " ")
                if let line = transport.environmentLines["NCCL_IB_DISABLE"] { evidence += " | \(line)" }
                return rule.finding(
                    "NCCL sent inter-node traffic over TCP sockets (\(socketConnections.count) channel connections via "
                        + "NET/Socket) although \(adapters.count) InfiniBand device(s) exist"
                        + (transport.environment["NCCL_IB_DISABLE"].map { "; NCCL_IB_DISABLE=\($0) is set" } ?? ""),
                    node: step.node, step: step.key, evidence: evidence,
                    observed: Double(socketConnections.count), expected: 0)
            }
        })

    static let fewerChannels = HealthRule(
        id: "nccl.channels.fewer", severity: .warning,
        summary: "fewer NCCL channels than the same step used in the baseline run",
        hint: "compare NCCL_* settings (NCCL_MIN/MAX_NCHANNELS, NCCL_P2P_DISABLE), NCCL versions and topology with the baseline",
        thresholds: [.channelsFraction],
        check: { input, rule in
            let fraction = input.threshold(.channelsFraction)
            return input.ncclSteps.compactMap { step -> Finding? in
                guard let channels = step.transport?.collChannels, let baseline = input.baselineChannels[step.name],
                      Double(channels) < fraction * Double(baseline) else { return nil }
                return rule.finding(
                    "\(step.key) used \(channels) coll channels where the baseline used \(baseline)",
                    node: step.node, step: step.key,
                    evidence: "\(channels) coll channels (baseline \(baseline))",
                    observed: Double(channels), expected: Double(baseline))
            }
        })

    static let ncclWarnings = HealthRule(
        id: "nccl.warn", severity: .warning,
        summary: "NCCL printed WARN lines",
        hint: "read the WARN text: it names the failing call (IB completion errors, CUDA failures, proxy problems)",
        check: { input, rule in
            input.ncclSteps.flatMap { step -> [Finding] in
                guard let warnings = step.transport?.warnings, !warnings.isEmpty else { return [] }
                var seen: Set<String> = []
                let distinct = warnings.filter { seen.insert(warningText($0.text)).inserted }
                return distinct.prefix(5).map { warning in
                    rule.finding("NCCL warned on \(warning.host ?? step.node): \(warningText(warning.text))",
                                 node: step.node, step: step.key, evidence: "line \(warning.line): \(warning.text)")
                } + (distinct.count > 5 ? [rule.finding("\(distinct.count - 5) more distinct NCCL warnings",
                                                        node: step.node, step: step.key,
                                                        evidence: "\(warnings.count) WARN lines in all")] : [])
            }
        })

    /// The WARN message without its `file:line (func)` prefix.
    private static func warningText(_ message: String) -> String {
        guard let range = message.range(of: "NCCL WARN ") else { return message }
        return String(message[range.upperBound...])
    }
}
