import DSBenchCore

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

/// One node of a judged series group.
public struct FleetMember: Sendable, Equatable {
    public var node: String
    /// The node's series (with its node).
    public var series: SeriesKey
    /// Its median busbw over the band's sizes.
    public var value: Double
    /// nil when the peer median is 0 (no relative scale).
    public var robustZ: Double?
    public var change: Double?
    public var isOutlier: Bool
}

/// A series group the fleet check judged: the same series on `members.count` nodes.
public struct FleetGroup: Sendable, Equatable {
    /// The series without its node (`node` is `*`).
    public var series: SeriesKey
    public var band: SizeBand
    public var peerMedian: Double
    /// The noise floor in force for the band (a fraction of the median, `FleetCheck.noiseFloor`).
    public var noiseFloor: Double
    public var members: [FleetMember]

    public var nodes: [String] { members.map(\.node) }
}

/// A series group the fleet check could not judge, and why.
public struct FleetGroupSkip: Sendable, Equatable {
    public var series: SeriesKey
    /// The nodes that measured it (with a value, for `tooFewPeers`).
    public var nodes: [String]
    public var minimumPeers: Int

    public var count: Int { nodes.count }

    public init(series: SeriesKey, nodes: [String], minimumPeers: Int) {
        self.series = series; self.nodes = nodes; self.minimumPeers = minimumPeers
    }
}

/// What the fleet check judged and found, for the verdict: "fleet check: 2 nodes, at least 3 needed".
public struct FleetReport: Sendable, Equatable {
    public var outliers: [FleetOutlier]
    public var judged: [FleetGroup]
    /// Groups measured on fewer than `FleetCheck.minimumPeers` nodes.
    public var tooFewPeers: [FleetGroupSkip]
    /// Groups whose nodes measured no size band in common (nothing to set side by side).
    public var noCommonBand: [FleetGroupSkip]

    public init(outliers: [FleetOutlier], judged: [FleetGroup], tooFewPeers: [FleetGroupSkip], noCommonBand: [FleetGroupSkip]) {
        self.outliers = outliers; self.judged = judged; self.tooFewPeers = tooFewPeers; self.noCommonBand = noCommonBand
    }
}

/// Fleet check: per series (same step, collective, type, hardware) the nodes' median busbw over
/// the largest band measured is scored with the robust z of `RobustZ` (median/MAD of the nodes),
/// its scale never below the band's measured noise (`noiseFloor`). A node is an outlier when its
/// score is below −threshold AND it is further below the peer median than the band's tolerance.
///
/// Assumption: the nodes ran the same test on the same hardware class, so they are exchangeable.
/// At least `minimumPeers` nodes are needed for a median to mean "the fleet".
public enum FleetCheck {
    public static let minimumPeers = 3

    /// The noise floor of `RobustZ` per band, as a fraction of the peer median: how far apart
    /// identical measurements of the value scored here (the median over the band's sizes of the
    /// per-size median busbw) came out on 8×H200, never below the 2 % bound DESIGN.md gives for
    /// single sizes ≥ 64 MiB. On the three identical runs b_all_reduce_8-8G_r1, _r2, _c1_n50
    /// (docs/regressions.md, "Size bands and tolerances") the value spread (max/min − 1) by
    /// 16.3 % in the latency band (0.189–0.220 GB/s), 3.4 % in the mid band (245.9–254.3) and
    /// 0.03 % in the bandwidth band (357.34–357.44): floors 17 %, 4 % and 2 %. With them a node
    /// needs to be 3.5 / 0.6745 ≈ 5.2 floors below identical peers (10.4 % at ≥ 64 MiB, 88 % in
    /// the latency band) before the score alone calls it an outlier; the tolerance still applies.
    public static func noiseFloor(_ band: SizeBand) -> Double {
        switch band {
        case .latency: return 0.17
        case .mid: return 0.04
        case .bandwidth: return 0.02
        }
    }

    public static func outliers(_ steps: [NcclStepResults], threshold: Double = RobustZ.defaultThreshold,
                                policy: RegressionPolicy = RegressionPolicy()) -> [FleetOutlier] {
        report(steps, threshold: threshold, policy: policy).outliers
    }

    public static func report(_ steps: [NcclStepResults], threshold: Double = RobustZ.defaultThreshold,
                              policy: RegressionPolicy = RegressionPolicy()) -> FleetReport {
        // Ingested logs are named after their files (node1.log, node2.log): only suite steps match by name.
        let table = BusbwSamples.table(steps, matchStepNames: steps.allSatisfy { $0.runSource == .run })
        let groups = Dictionary(grouping: table.keys, by: \.withoutNode)
        var report = FleetReport(outliers: [], judged: [], tooFewPeers: [], noCommonBand: [])
        for (group, keys) in groups.sorted(by: { $0.key < $1.key }) {
            let sortedKeys = keys.sorted()
            guard keys.count >= minimumPeers else {
                report.tooFewPeers.append(FleetGroupSkip(series: group, nodes: sortedKeys.map(\.node), minimumPeers: minimumPeers))
                continue
            }
            // The largest band every node measured: bandwidth-bound if present, it is the least noisy.
            let bands = keys.map { key in Set((table[key] ?? [:]).keys.map { SizeBand.of(size: $0) }) }
            guard let common = bands.dropFirst().reduce(bands.first ?? [], { $0.intersection($1) }).max() else {
                report.noCommonBand.append(FleetGroupSkip(series: group, nodes: sortedKeys.map(\.node), minimumPeers: minimumPeers))
                continue
            }
            var values: [(key: SeriesKey, value: Double)] = []
            for key in sortedKeys {
                let samples = (table[key] ?? [:]).filter { SizeBand.of(size: $0.key) == common }
                // Median over sizes of the per-size medians: each size counts once whatever its repeats.
                let perSize = samples.values.compactMap { Descriptive.median($0) }
                if let value = Descriptive.median(perSize) { values.append((key, value)) }
            }
            guard values.count >= minimumPeers, let center = Descriptive.median(values.map(\.value)) else {
                report.tooFewPeers.append(FleetGroupSkip(series: group, nodes: values.map(\.key.node), minimumPeers: minimumPeers))
                continue
            }
            let floor = noiseFloor(common)
            let scores = RobustZ.scores(values.map(\.value), noiseFloor: floor)
            let tolerance = policy.tolerances(step: group.toleranceStep)[common]
            var members: [FleetMember] = []
            for (entry, score) in zip(values, scores) {
                let change = Descriptive.relativeChange(from: center, to: entry.value)
                let isOutlier = score.map { $0 <= -threshold } == true && change.map { -$0 > tolerance } == true
                members.append(FleetMember(node: entry.key.node, series: entry.key, value: entry.value, robustZ: score,
                                           change: change, isOutlier: isOutlier))
                if isOutlier, let score, let change {
                    report.outliers.append(FleetOutlier(series: entry.key, node: entry.key.node, band: common,
                                                        value: entry.value, peerMedian: center, robustZ: score,
                                                        change: change))
                }
            }
            report.judged.append(FleetGroup(series: group, band: common, peerMedian: center, noiseFloor: floor,
                                            members: members))
        }
        return report
    }

    public static func findings(_ outliers: [FleetOutlier], threshold: Double) -> [Finding] {
        outliers.map { o in
            Finding(
                rule: "fleet.outlier", severity: .warning, node: o.node, step: o.series.step.isEmpty ? nil : o.series.step,
                message: "\(o.node) is a fleet outlier: \(o.series.collective) busbw \(Format.gbps(o.value)) in the "
                    + "\(o.band.rawValue) band (\(o.band.range)) against a peer median of \(Format.gbps(o.peerMedian)) "
                    + "(\(Format.percent(o.change)), robust z \(Format.number(o.robustZ)) below −\(Format.number(threshold))); "
                    + "check its PCIe links, NVLink and NCCL transport",
                evidence: "series \(o.series.withoutNode), robust z over the nodes' band medians, scale "
                    + "max(MAD, \(Format.number(noiseFloor(o.band) * 100)) % of the median)",
                observed: o.value, expected: o.peerMedian)
        }
    }
}
