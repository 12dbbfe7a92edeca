import DSBenchCore
import DSBenchStore

/// busbw families: per node at the key sizes the report names, per size band, and against the fleet.
extension MonitoringMetrics {
    /// One curve of one node: the planned step (name, variant), collective, data type and reduction.
    struct CurveKey: Hashable, Comparable {
        var step: String
        var variant: String
        var collective: String
        var dtype: String
        var redop: String
        var node: String

        var series: CurveKey { var key = self; key.node = ""; return key }

        static func < (a: CurveKey, b: CurveKey) -> Bool {
            (a.collective, a.step, a.variant, a.dtype, a.redop, a.node) < (b.collective, b.step, b.variant, b.dtype, b.redop, b.node)
        }

        func labels(suite: String) -> [L] {
            [L("suite", suite), L("step", step), L("variant", variant), L("collective", collective), L("dtype", dtype),
             L("redop", redop), L("node", node)]
        }
    }

    /// nccl-tests prints GB/s (10⁹ bytes per second); Prometheus wants base units.
    static let bytesPerGB = 1e9

    static func nccl(_ input: MonitoringInput) -> [MetricFamily] {
        let suite = input.run.suite
        // Per curve and size: the median busbw of its rows (repeats of a step are one curve).
        var values: [CurveKey: [Int64: [Double]]] = [:]
        // Fleet curves: by step for suite runs, by collective for ingested logs (one file per node).
        var fleet: [CurveKey: [String: [Int64: [Double]]]] = [:]
        for row in input.busbw {
            guard let busbw = row.busbw else { continue }
            let key = CurveKey(step: row.stepName, variant: row.variant ?? "", collective: row.collective ?? row.stepName,
                               dtype: row.type, redop: row.redop, node: row.node)
            values[key, default: [:]][row.size, default: []].append(busbw)
            var fleetKey = key.series
            if !input.matchStepNames { fleetKey.step = ""; fleetKey.variant = "" }
            fleet[fleetKey, default: [:]][row.node, default: [:]][row.size, default: []].append(busbw)
        }
        let medians = values.mapValues { $0.compactMapValues(Median.of) }
        var sizesOfSeries: [CurveKey: Set<Int64>] = [:]
        for (key, bySize) in medians { sizesOfSeries[key.series, default: []].formUnion(bySize.keys) }
        // The same sizes for every node of a series, so their series line up on a dashboard.
        let keySizes = sizesOfSeries.mapValues { sizes -> [Int64] in
            let sorted = sizes.sorted()
            return BusbwCurves.keyIndices(sorted).map { sorted[$0] }
        }

        var atSize: [MetricSample] = [], perBand: [MetricSample] = []
        for key in medians.keys.sorted() {
            let bySize = medians[key] ?? [:]
            let labels = key.labels(suite: suite)
            for size in keySizes[key.series] ?? [] {
                if let value = bySize[size] { atSize.append(MetricSample(labels + [L("size", String(size))], value * bytesPerGB)) }
            }
            for band in SizeBand.allCases {
                let inBand = bySize.filter { SizeBand.of(size: $0.key) == band }.map(\.value)
                if let value = Median.of(inBand) { perBand.append(MetricSample(labels + [L("band", band.rawValue)], value * bytesPerGB)) }
            }
        }
        return [
            MetricFamily(name: "dsbench_nccl_busbw_bytes_per_second",
                         help: "nccl-tests out-of-place busbw of a node at the key sizes (nearest 1 MiB, 32 MiB, 1 GiB and the largest), median over its rows.",
                         unit: "bytes_per_second", samples: atSize),
            MetricFamily(name: "dsbench_nccl_band_busbw_bytes_per_second",
                         help: "nccl-tests out-of-place busbw of a node per size band (latency <= 4 MiB, mid, bandwidth >= 64 MiB): median over the band's sizes of the per-size medians.",
                         unit: "bytes_per_second", samples: perBand),
            MetricFamily(name: "dsbench_nccl_fleet_ratio",
                         help: "A node's busbw over the fleet median at each size (the report's heatmap), median over the band's sizes; only for curves measured on two nodes or more.",
                         unit: "ratio", samples: fleetRatios(fleet, suite: suite)),
        ]
    }

    static func fleetRatios(_ fleet: [CurveKey: [String: [Int64: [Double]]]], suite: String) -> [MetricSample] {
        var samples: [MetricSample] = []
        for key in fleet.keys.sorted() {
            let nodes = fleet[key] ?? [:]
            guard nodes.count > 1 else { continue }
            let nodeMedians = nodes.mapValues { $0.compactMapValues(Median.of) }
            var fleetMedian: [Int64: Double] = [:]
            for size in Set(nodeMedians.values.flatMap(\.keys)) {
                fleetMedian[size] = Median.of(nodeMedians.values.compactMap { $0[size] })
            }
            for node in nodeMedians.keys.sorted() {
                var nodeKey = key
                nodeKey.node = node
                for band in SizeBand.allCases {
                    let ratios = (nodeMedians[node] ?? [:]).compactMap { size, value -> Double? in
                        guard SizeBand.of(size: size) == band, let median = fleetMedian[size], median > 0 else { return nil }
                        return value / median
                    }
                    if let ratio = Median.of(ratios) {
                        samples.append(MetricSample(nodeKey.labels(suite: suite) + [L("band", band.rawValue)], ratio))
                    }
                }
            }
        }
        return samples
    }
}
