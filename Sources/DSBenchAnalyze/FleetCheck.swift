import DSBenchCore
import DSBenchStore

/// A node whose busbw is far below its peers in the same run, flagged without any baseline.
public struct FleetOutlier: Sendable, Equatable {
    public var series: SeriesKey
    public var node: String
    public var band: SizeBand
    /// The node's median busbw over the band's sizes.
    public var value: Double
    public var peerMedian: Double
    public var robustZ: Double
    /// (value − peerMedian) / peerMedian.
    public var change: Double
}

/// Fleet check: per series (same step, collective, type, hardware) the nodes' median busbw over
/// the largest band measured is scored with the robust z of `RobustZ` (median/MAD of the nodes).
/// A node is an outlier when its score is below −threshold AND it is further below the peer
/// median than the band's tolerance (a tiny MAD must not turn a 0.5 % gap into an alarm).
///
/// Assumption: the nodes ran the same test on the same hardware class, so they are exchangeable.
/// At least `minimumPeers` nodes are needed for a median to mean "the fleet".
public enum FleetCheck {
    public static let minimumPeers = 3

    public static func outliers(_ steps: [NcclStepResults], threshold: Double = RobustZ.defaultThreshold,
                                policy: RegressionPolicy = RegressionPolicy()) -> [FleetOutlier] {
        // Ingested logs are named after their files (node1.log, node2.log): only suite steps match by name.
        let table = BusbwSamples.table(steps, matchStepNames: steps.allSatisfy { $0.runSource == .run })
        let groups = Dictionary(grouping: table.keys, by: \.withoutNode)
        var out: [FleetOutlier] = []
        for (group, keys) in groups.sorted(by: { $0.key < $1.key }) where keys.count >= minimumPeers {
            // The largest band every node measured: bandwidth-bound if present, it is the least noisy.
            let bands = keys.map { key in Set((table[key] ?? [:]).keys.map { SizeBand.of(size: $0) }) }
            guard let common = bands.dropFirst().reduce(bands.first ?? [], { $0.intersection($1) }).max() else { continue }
            var values: [(node: String, key: SeriesKey, value: Double)] = []
            for key in keys.sorted() {
                let samples = (table[key] ?? [:]).filter { SizeBand.of(size: $0.key) == common }
                // Median over sizes of the per-size medians: each size counts once whatever its repeats.
                let perSize = samples.values.compactMap { Descriptive.median($0) }
                if let value = Descriptive.median(perSize) { values.append((key.node, key, value)) }
            }
            guard values.count >= minimumPeers, let center = Descriptive.median(values.map(\.value)) else { continue }
            let scores = RobustZ.scores(values.map(\.value))
            let stepName = group.step.split(separator: "[", maxSplits: 1).first.map(String.init)
            let tolerance = policy.tolerances(step: stepName)[common]
            for (entry, score) in zip(values, scores) {
                guard let score, let change = Descriptive.relativeChange(from: center, to: entry.value) else { continue }
                if score <= -threshold && -change > tolerance {
                    out.append(FleetOutlier(series: entry.key, node: entry.node, band: common, value: entry.value,
                                            peerMedian: center, robustZ: score, change: change))
                }
            }
        }
        return out
    }

    public static func findings(_ outliers: [FleetOutlier], threshold: Double) -> [Finding] {
        outliers.map { o in
            Finding(
                rule: "fleet.outlier", severity: .warning, node: o.node, step: o.series.step.isEmpty ? nil : o.series.step,
                message: "\(o.node) is a fleet outlier: \(o.series.collective) busbw \(Format.gbps(o.value)) in the "
                    + "\(o.band.rawValue) band (\(o.band.range)) against a peer median of \(Format.gbps(o.peerMedian)) "
                    + "(\(Format.percent(o.change)), robust z \(Format.number(o.robustZ)) below −\(Format.number(threshold))); "
                    + "check its PCIe links, NVLink and NCCL transport",
                evidence: "series \(o.series.withoutNode), median/MAD robust z over the nodes' band medians",
                observed: o.value, expected: o.peerMedian)
        }
    }
}
