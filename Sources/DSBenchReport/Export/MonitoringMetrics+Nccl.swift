import DSBenchAnalyze
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
        // The rows of each curve (repeats of a step are one curve). Rows come step by step, so
        // the curve is looked up only when the step, type or reduction changes. For 13 888 rows of
        // 64 nodes the busbw families took 27 ms CPU with a dictionary lookup per row, 13 ms so.
        var rowsOf: [CurveKey: [(size: Int64, busbw: Double)]] = [:]
        var current: (stepID: Int64, type: String, redop: String, key: CurveKey)?
        var block: [(size: Int64, busbw: Double)] = []
        func flush() {
            if let key = current?.key, !block.isEmpty { rowsOf[key, default: []].append(contentsOf: block) }
            block.removeAll(keepingCapacity: true)
        }
        for row in input.busbw {
            guard let busbw = row.busbw else { continue }
            if current?.stepID != row.stepID || current?.type != row.type || current?.redop != row.redop {
                flush()
                current = (row.stepID, row.type, row.redop,
                           CurveKey(step: row.stepName, variant: row.variant ?? "", collective: row.collective ?? row.stepName,
                                    dtype: row.type, redop: row.redop, node: row.node))
            }
            block.append((row.size, busbw))
        }
        flush()
        let curves = rowsOf.mapValues(BusbwCurveFigures.curve)
        var sizesOfSeries: [CurveKey: Set<Int64>] = [:]
        for (key, curve) in curves { sizesOfSeries[key.series, default: []].formUnion(curve.map(\.size)) }
        // The same sizes for every node of a series, so their series line up on a dashboard.
        let keySizes = sizesOfSeries.mapValues { sizes -> Set<Int64> in
            let sorted = sizes.sorted()
            return Set(BusbwCurves.keyIndices(sorted).map { sorted[$0] })
        }

        var atSize: [MetricSample] = [], perBand: [MetricSample] = []
        atSize.reserveCapacity(curves.count * 4)
        perBand.reserveCapacity(curves.count * 3)
        for key in curves.keys.sorted() {
            let curve = curves[key] ?? []
            var labels = key.labels(suite: suite)
            labels.reserveCapacity(labels.count + 1)
            let wanted = keySizes[key.series] ?? []
            for point in curve where wanted.contains(point.size) {
                atSize.append(MetricSample(labels + [L("size", String(point.size))], point.busbw * bytesPerGB))
            }
            for (band, value) in BusbwCurveFigures.bandMedians(curve) {
                perBand.append(MetricSample(labels + [L("band", band.rawValue)], value * bytesPerGB))
            }
        }

        // Fleet curves: by step for suite runs, by collective for ingested logs (one file per node).
        var fleet: [CurveKey: [String: [(size: Int64, busbw: Double)]]] = [:]
        for (key, rows) in rowsOf {
            var fleetKey = key.series
            if !input.matchStepNames { fleetKey.step = ""; fleetKey.variant = "" }
            fleet[fleetKey, default: [:]][key.node, default: []].append(contentsOf: rows)
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

    static func fleetRatios(_ fleet: [CurveKey: [String: [(size: Int64, busbw: Double)]]], suite: String) -> [MetricSample] {
        var samples: [MetricSample] = []
        for key in fleet.keys.sorted() {
            for (node, bands) in BusbwCurveFigures.fleetRatioBands(fleet[key] ?? [:]) {
                var nodeKey = key
                nodeKey.node = node
                let labels = nodeKey.labels(suite: suite)
                for (band, ratio) in bands { samples.append(MetricSample(labels + [L("band", band.rawValue)], ratio)) }
            }
        }
        return samples
    }
}
