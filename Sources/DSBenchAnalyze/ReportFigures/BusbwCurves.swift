import DSBenchCore
import Foundation

/// Turns nccl-tests rows into the report's curves: per series the per-size median busbw, the
/// baseline (per-size median of the baseline runs' rows), the tolerance band and Δ%. The report
/// renders these values; it decides none of them.
public enum BusbwCurves {
    /// What rows are grouped by: the planned step (name and variant), collective and data type.
    public struct SeriesID: Hashable, Comparable, Sendable {
        public var collective: String
        public var name: String
        public var variant: String?
        public var type: String
        public var redop: String
        public var ranks: Int?

        public static func < (a: SeriesID, b: SeriesID) -> Bool {
            (a.collective, a.name, a.variant ?? "", a.type, a.redop) < (b.collective, b.name, b.variant ?? "", b.type, b.redop)
        }

        /// `name` or `name[variant]`, as checks name the step.
        public var identity: String { PlannedStep.identity(name: name, variant: variant) }

        public init(_ row: BusbwRow) {
            collective = row.collective ?? row.stepName
            name = row.stepName; variant = row.variant; type = row.type; redop = row.redop; ranks = row.ranks
        }
    }

    /// Sizes the Markdown summary names: the measured size nearest to each target, plus the largest.
    public static let keySizeTargets: [Int64] = [1 << 20, 32 << 20, 1 << 30]

    /// Each series is judged with its step's tolerances (`policy.tolerances(step:)`: the defaults,
    /// the suite's `regression:` overrides, then the step's), the same ones `compare` uses.
    public static func collectives(current: [BusbwRow], baseline: [BusbwRow],
                            policy: RegressionPolicy = RegressionPolicy()) -> [CollectiveReport] {
        let grouped = Dictionary(grouping: current.filter { $0.busbw != nil }, by: SeriesID.init)
        let baselineGroups = Dictionary(grouping: baseline.filter { $0.busbw != nil }, by: SeriesID.init)
        let typesPerCollective = Dictionary(grouping: grouped.keys, by: \.collective)
            .mapValues { Set($0.map { "\($0.type) \($0.redop)" }).count }
        var byCollective: [String: [BusbwSeries]] = [:]
        for id in grouped.keys.sorted() {
            let rows = grouped[id] ?? []
            var key = id.identity
            if (typesPerCollective[id.collective] ?? 0) > 1 { key += " \(id.type) \(id.redop)" }
            let (baseRows, match) = baselineRows(for: id, in: baselineGroups)
            let series = makeSeries(key: key, id: id, rows: rows, baseline: baseRows, match: match,
                                    tolerances: ToleranceBands(policy.tolerances(step: id.name)))
            byCollective[id.collective, default: []].append(series)
        }
        return byCollective.keys.sorted().map { CollectiveReport(collective: $0, series: byCollective[$0] ?? []) }
    }

    /// The same step in the baseline runs; failing that, every series of the same collective,
    /// data type and rank count (ingested logs are named after their files).
    static func baselineRows(for id: SeriesID, in groups: [SeriesID: [BusbwRow]]) -> ([BusbwRow], String?) {
        if let same = groups[id], !same.isEmpty { return (same, "same step") }
        let similar = groups.filter {
            $0.key.collective == id.collective && $0.key.type == id.type && $0.key.redop == id.redop && $0.key.ranks == id.ranks
        }.values.flatMap { $0 }
        return similar.isEmpty ? ([], nil) : (similar, "same collective and ranks")
    }

    static func makeSeries(key: String, id: SeriesID, rows: [BusbwRow], baseline: [BusbwRow], match: String?,
                           tolerances: ToleranceBands) -> BusbwSeries {
        let bySize = Dictionary(grouping: rows, by: \.size)
        let baseBySize = Dictionary(grouping: baseline, by: \.size)
        var points: [BusbwPoint] = []
        for size in bySize.keys.sorted() {
            let values = (bySize[size] ?? []).compactMap(\.busbw)
            guard let median = Descriptive.median(values) else { continue }
            let tolerance = tolerances.band(for: size).tolerance
            var point = BusbwPoint(size: size, sizeLabel: SizeLabel.text(size), busbw: median, samples: values.count,
                                   timeUs: Descriptive.median((bySize[size] ?? []).compactMap(\.timeUs).filter(\.isFinite)),
                                   baseline: nil, lower: nil, upper: nil, deltaPercent: nil,
                                   tolerancePercent: tolerance * 100, status: .noBaseline)
            if let base = Descriptive.median((baseBySize[size] ?? []).compactMap(\.busbw)) {
                point.baseline = base
                point.lower = base * (1 - tolerance)
                point.upper = base * (1 + tolerance)
                point.deltaPercent = base > 0 ? (median - base) / base * 100 : nil
                if median < base * (1 - tolerance) { point.status = .below }
                else if median > base * (1 + tolerance) { point.status = .above }
                else { point.status = .within }
            }
            points.append(point)
        }
        return BusbwSeries(key: key, collective: id.collective, ranks: id.ranks,
                           nodes: Set(rows.map(\.node)).sorted(), stepCount: Set(rows.map(\.stepID)).count,
                           points: points, keyPointIndices: keyIndices(points.map(\.size)),
                           baselineMatch: baseline.isEmpty ? nil : match)
    }

    public static func keyIndices(_ sizes: [Int64]) -> [Int] {
        guard !sizes.isEmpty else { return [] }
        var indices = Set<Int>()
        for target in keySizeTargets {
            let nearest = sizes.indices.min { a, b in
                abs(log2(Double(max(sizes[a], 1))) - log2(Double(target))) < abs(log2(Double(max(sizes[b], 1))) - log2(Double(target)))
            }
            if let nearest, abs(log2(Double(max(sizes[nearest], 1))) - log2(Double(target))) <= 2 { indices.insert(nearest) }
        }
        indices.insert(sizes.count - 1)
        return indices.sorted()
    }

    /// Node × size ratios to the fleet median, for series measured on more than one node. The
    /// series are those of the fleet check: by step name for suite runs, by collective, type and
    /// ranks for ingested logs (named after their files, one file per node).
    /// `failedNodes`: per series key (`name[variant]`, `ingested logs` for ingested runs), the nodes
    /// the verdict's fleet check failed; the heatmap marks those, it does not judge.
    public static func heatmaps(current: [BusbwRow], matchStepNames: Bool,
                         failedNodes: (String) -> [String]) -> [FleetHeatmap] {
        let grouped = Dictionary(grouping: current.filter { $0.busbw != nil }) { row -> SeriesID in
            var id = SeriesID(row)
            if !matchStepNames { id.name = ""; id.variant = nil }
            return id
        }
        var maps: [FleetHeatmap] = []
        for id in grouped.keys.sorted() {
            let rows = grouped[id] ?? []
            let nodes = Set(rows.map(\.node)).sorted()
            guard nodes.count > 1 else { continue }
            let key = id.name.isEmpty ? "ingested logs" : id.identity
            let sizes = Set(rows.map(\.size)).sorted()
            var perNode: [String: [Int64: [Double]]] = [:]
            for row in rows { if let v = row.busbw { perNode[row.node, default: [:]][row.size, default: []].append(v) } }
            var nodeMedians: [String: [Int64: Double]] = [:]
            for (node, bySize) in perNode { nodeMedians[node] = bySize.compactMapValues(Descriptive.median) }
            var fleet: [Int64: Double] = [:]
            for size in sizes { fleet[size] = Descriptive.median(nodeMedians.values.compactMap { $0[size] }) }
            let cells: [[HeatCell?]] = nodes.map { node in
                sizes.map { size in
                    guard let value = nodeMedians[node]?[size], let median = fleet[size], median > 0 else { return nil }
                    return HeatCell(busbw: value, fleetMedian: median)
                }
            }
            let failed = Set(failedNodes(key))
            maps.append(FleetHeatmap(seriesKey: key, collective: id.collective, nodes: nodes, sizes: sizes,
                                     sizeLabels: sizes.map(SizeLabel.text), cells: cells,
                                     failedNodes: nodes.filter(failed.contains)))
        }
        return maps
    }
}

private func log2(_ x: Double) -> Double { x > 0 ? Foundation.log2(x) : 0 }
