import DSBenchCore

/// Pair matrices and their culprits from a run's pair steps: pure, values in and out.
///
/// The reference is the fleet median of the pairs, not the catalogue: a pair job's busbw depends
/// on its transport (two nodes over the network, two GPUs over NVLink) and the catalogue rarely has
/// a figure for two ranks, while in a healthy fleet most pairs are alike. A pair is slow below
/// `busbw.fraction` (0.8 by default) of that median. On the H200 captures that separates cleanly:
/// all_reduce at ≥ 256 MB reaches 367 GB/s busbw over NVLink (b_all_reduce_8-8G_r1) and 10.9 GB/s
/// with NCCL_P2P_DISABLE=1 (e_p2p_disable), a factor of 34; repeats of the healthy run differ by < 1 %.
public enum PairAnalysis {
    public static func matrices(_ input: HealthInput) -> [PairMatrix] {
        let fraction = input.threshold(.busbwFraction)
        let minBytes = input.threshold(.busbwMinBytes)
        struct Series: Hashable { var name: String; var variant: String?; var scope: PairSlot.Scope; var node: String? }
        var order: [Series] = []
        var bySeries: [Series: [HealthNcclStep]] = [:]
        for step in input.ncclSteps {
            guard let slot = step.pairing, slot.members.count == 2 else { continue }
            let series = Series(name: step.name, variant: baseVariant(step.key), scope: slot.scope,
                                node: slot.scope == .gpus ? step.node : nil)
            if bySeries[series] == nil { order.append(series) }
            bySeries[series, default: []].append(step)
        }
        return order.compactMap { series in
            guard let steps = bySeries[series] else { return nil }
            let label = PlannedStep.identity(name: series.name, variant: series.variant) + (series.node.map { "@\($0)" } ?? "")
            return matrix(steps, series: label, step: series.name, scope: series.scope, node: series.node,
                          fraction: fraction, minBytes: minBytes, input: input)
        } + peerMatrices(input)
    }

    static func matrix(_ steps: [HealthNcclStep], series: String, step name: String, scope: PairSlot.Scope, node: String?,
                       fraction: Double, minBytes: Double, input: HealthInput) -> PairMatrix? {
        var members: [String] = []
        var seen = Set<String>()
        var values: [[String]: (busbw: [Double], key: String)] = [:]
        var pairOrder: [[String]] = []
        for step in steps {
            guard let slot = step.pairing, let busbw = bandBusbw(step, minBytes: minBytes, input: input) else { continue }
            for member in slot.members where seen.insert(member).inserted { members.append(member) }
            let pair = slot.members
            if values[pair] == nil { pairOrder.append(pair) }
            values[pair, default: ([], step.key)].busbw.append(busbw)
        }
        let measured = pairOrder.compactMap { pair in values[pair].flatMap { entry in
            Descriptive.median(entry.busbw).map { (pair, $0, entry.key) } } }
        guard let median = Descriptive.median(measured.map(\.1)) else { return nil }
        let slowBelow = fraction * median
        let cells = measured.map { PairCell(a: $0.0[0], b: $0.0[1], busbw: $0.1, slow: $0.1 < slowBelow, stepKey: $0.2) }
        if scope == .gpus { members.sort { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) } }
        let expected = steps.lazy.compactMap { ExpectedBandwidth.lookup($0, input: input) }.first
        let topology = node.flatMap { input.topologies[$0] }
        return PairMatrix(series: series, step: name, scope: scope, node: node, members: members, cells: cells,
                          fleetMedian: median, expectedBusbw: expected?.figure.busbw,
                          expectedHardware: expected.map { "\($0.hardware) (\($0.figure.source))" },
                          slowBelow: slowBelow, fraction: fraction,
                          culprits: culprits(cells, members: members, topology: topology))
    }

    /// A member whose every pair (at least two) is slow is bad; a slow pair whose two members each
    /// have a pair that is not slow is a bad link or path between them. A slow pair with a bad
    /// member is that member's doing and is not blamed again.
    public static func culprits(_ cells: [PairCell], members: [String], topology: TopologyMatrix? = nil) -> [PairCulprit] {
        var total: [String: Int] = [:], slow: [String: Int] = [:]
        for cell in cells {
            for member in [cell.a, cell.b] {
                total[member, default: 0] += 1
                if cell.slow { slow[member, default: 0] += 1 }
            }
        }
        let bad = members.filter { (total[$0] ?? 0) >= 2 && slow[$0] == total[$0] }
        // Every member bad is not a culprit but a slow fleet (or a wrong reference): say nothing here.
        guard bad.count * 2 < members.count else { return [] }
        var culprits = bad.map { PairCulprit(kind: .member, members: [$0], slowPairs: slow[$0] ?? 0, pairs: total[$0] ?? 0) }
        let badSet = Set(bad)
        for cell in cells where cell.slow && !badSet.contains(cell.a) && !badSet.contains(cell.b) {
            let fineElsewhere = [cell.a, cell.b].allSatisfy { (slow[$0] ?? 0) < (total[$0] ?? 0) }
            guard fineElsewhere else { continue }
            culprits.append(PairCulprit(kind: .link, members: [cell.a, cell.b], slowPairs: 1, pairs: 1,
                                        path: topology.flatMap { path($0, cell.a, cell.b) }))
        }
        return culprits
    }

    /// What `nvidia-smi topo -m` says joins two GPUs, in words.
    static func path(_ topology: TopologyMatrix, _ a: String, _ b: String) -> String? {
        guard let code = topology.link(from: "GPU\(a)", to: "GPU\(b)") else { return nil }
        let numaA = topology.rows.first { $0.device == "GPU\(a)" }?.numaAffinity
        let numaB = topology.rows.first { $0.device == "GPU\(b)" }?.numaAffinity
        let numa = numaA != nil && numaB != nil && numaA != numaB ? ", different NUMA nodes (\(numaA!) vs \(numaB!))" : ""
        switch code {
        case let nv where nv.hasPrefix("NV"): return "\(code): NVLink (\(nv.dropFirst(2)) links)\(numa)"
        case "SYS": return "SYS: PCIe across the CPU interconnect\(numa)"
        case "NODE": return "NODE: PCIe through host bridges of one NUMA node\(numa)"
        case "PHB": return "PHB: PCIe through the host bridge\(numa)"
        case "PXB", "PIX": return "\(code): PCIe switch\(numa)"
        default: return code + numa
        }
    }

    /// Each job's busbw at the bandwidth band, by its members (the median over repeats and
    /// variants): what a `dsbench bisect` stage measured. A job without a value is left out.
    public static func groupBusbw(_ input: HealthInput) -> [[String]: Double] {
        let minBytes = input.threshold(.busbwMinBytes)
        var values: [[String]: [Double]] = [:]
        for step in input.ncclSteps {
            guard let slot = step.pairing, let busbw = bandBusbw(step, minBytes: minBytes, input: input) else { continue }
            values[slot.members, default: []].append(busbw)
        }
        return values.compactMapValues { Descriptive.median($0) }
    }

    /// The step's peak admitted busbw at sizes ≥ `minBytes` (in or out of place): the bandwidth band.
    static func bandBusbw(_ step: HealthNcclStep, minBytes: Double, input: HealthInput) -> Double? {
        let ceiling = NcclPlausibility.ceiling(gpuModel: ExpectedBandwidth.gpuModel(step, input: input))
        var peak: Double?
        for row in step.rows where Double(row.size) >= minBytes {
            for half in [row.outOfPlace, row.inPlace].compactMap({ $0 })
            where BusbwSamples.admits(size: row.size, timeUs: half.timeUs, algbw: half.algbw, busbw: half.busbw,
                                      ranks: step.ranks, ceiling: ceiling) {
                if let busbw = half.busbw, busbw.isFinite, busbw > peak ?? -1 { peak = busbw }
            }
        }
        return peak
    }

    /// The env-matrix part of a pair step's variant: `all_reduce[NCCL_ALGO=Ring pair a+b]#0@local`
    /// → `NCCL_ALGO=Ring`; nil without one.
    static func baseVariant(_ key: String) -> String? {
        let identity = PlannedStep.identity(ofKey: key)
        guard let open = identity.firstIndex(of: "["), identity.hasSuffix("]") else { return nil }
        let variant = identity[identity.index(after: open)..<identity.index(before: identity.endIndex)]
        for marker in [" pair ", " gpus ", " batch "] {
            if let range = variant.range(of: marker) { return String(variant[..<range.lowerBound]) }
        }
        return nil
    }
}
