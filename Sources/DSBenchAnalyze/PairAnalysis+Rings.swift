import DSBenchCore

/// One ring of a `gpu-rings` run: its GPUs and busbw at the bandwidth band (median over repeats).
public struct RingCell: Sendable, Equatable {
    public var members: [String]
    public var busbw: Double
    public var slow: Bool
    public var stepKey: String
}

/// The rings of one series (step and env variant) on one node, and the GPU they blame: rings of k
/// consecutive GPUs overlap, so a GPU in only slow rings, among neighbours that each have a fast
/// ring, is the bad one. The reference is the median of the node's rings, as for pairs.
public struct RingReading: Sendable, Equatable {
    public var series: String
    public var node: String
    public var rings: [RingCell]
    public var median: Double
    public var slowBelow: Double
    public var fraction: Double
    public var culprits: [PairCulprit]
}

extension PairAnalysis {
    public static func rings(_ input: HealthInput) -> [RingReading] {
        let fraction = input.threshold(.busbwFraction)
        let minBytes = input.threshold(.busbwMinBytes)
        struct Series: Hashable { var name: String; var variant: String?; var node: String }
        var order: [Series] = []
        var bySeries: [Series: [HealthNcclStep]] = [:]
        for step in input.ncclSteps {
            guard let slot = step.pairing, slot.scope == .gpus, slot.members.count > 2 else { continue }
            let series = Series(name: step.name, variant: baseVariant(step.key), node: step.node)
            if bySeries[series] == nil { order.append(series) }
            bySeries[series, default: []].append(step)
        }
        return order.compactMap { series in
            var values: [[String]: (busbw: [Double], key: String)] = [:]
            var ringOrder: [[String]] = []
            for step in bySeries[series] ?? [] {
                guard let members = step.pairing?.members, let busbw = bandBusbw(step, minBytes: minBytes, input: input)
                else { continue }
                if values[members] == nil { ringOrder.append(members) }
                values[members, default: ([], step.key)].busbw.append(busbw)
            }
            let measured = ringOrder.compactMap { ring in
                values[ring].flatMap { entry in Descriptive.median(entry.busbw).map { (ring, $0, entry.key) } }
            }
            guard let median = Descriptive.median(measured.map(\.1)) else { return nil }
            let slowBelow = fraction * median
            let cells = measured.map { RingCell(members: $0.0, busbw: $0.1, slow: $0.1 < slowBelow, stepKey: $0.2) }
            let label = PlannedStep.identity(name: series.name, variant: series.variant) + "@\(series.node)"
            return RingReading(series: label, node: series.node, rings: cells, median: median, slowBelow: slowBelow,
                               fraction: fraction, culprits: ringCulprits(cells))
        }
    }

    /// A GPU in two rings or more, every one of them slow, is bad; when half the GPUs or more look
    /// bad, nobody is named (a slow node or a wrong reference, not a culprit).
    static func ringCulprits(_ cells: [RingCell]) -> [PairCulprit] {
        var total: [String: Int] = [:], slow: [String: Int] = [:], members: [String] = []
        for cell in cells {
            for member in cell.members {
                if total[member] == nil { members.append(member) }
                total[member, default: 0] += 1
                if cell.slow { slow[member, default: 0] += 1 }
            }
        }
        members.sort { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }
        let bad = members.filter { (total[$0] ?? 0) >= 2 && slow[$0] == total[$0] }
        guard bad.count * 2 < members.count else { return [] }
        return bad.map { PairCulprit(kind: .member, members: [$0], slowPairs: slow[$0] ?? 0, pairs: total[$0] ?? 0) }
    }
}
