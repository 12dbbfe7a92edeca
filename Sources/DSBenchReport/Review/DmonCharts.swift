import DSBenchCore
import DSBenchStore

/// Collects dmon samples (streamed from the store) into per node × metric charts: one line per
/// GPU over seconds since the node's first sample, downsampled to a point budget shared by all
/// charts, with the span of each step's samples to shade.
struct DmonChartBuilder {
    struct Metric: Sendable {
        var column: String
        var label: String
        var unit: String
    }

    static let defaultMetrics = [Metric(column: "sm", label: "SM utilisation", unit: "%"),
                                 Metric(column: "mem", label: "memory utilisation", unit: "%"),
                                 Metric(column: "pwr", label: "power", unit: "W"),
                                 Metric(column: "gtemp", label: "GPU temperature", unit: "°C"),
                                 Metric(column: "pclk", label: "SM clock", unit: "MHz")]

    let metrics: [Metric]
    /// Points drawn over every dmon chart together; each line gets an equal share (40–800 buckets).
    let pointBudget: Int
    /// Nodes in order of first sample; `current` is the one the last sample came from
    /// (samples arrive grouped by step, so a node lookup by name is rare).
    private var nodes: [NodeSeries] = []
    private var nodeIndex: [String: Int] = [:]
    private var current = -1

    private struct NodeSeries {
        var name: String
        var origin: Double
        /// metric index → GPU index → points
        var lines: [[[TimePoint]]]
        var steps: [Int64: (start: Double, end: Double)] = [:]
    }

    init(metrics: [Metric] = DmonChartBuilder.defaultMetrics, pointBudget: Int = 120_000) {
        self.metrics = metrics; self.pointBudget = pointBudget
    }

    mutating func add(_ sample: DmonValues) {
        let absolute = sample.seconds.map(Double.init) ?? Double(sample.seq)
        if current < 0 || nodes[current].name != sample.node {
            if let known = nodeIndex[sample.node] {
                current = known
            } else {
                current = nodes.count
                nodeIndex[sample.node] = current
                nodes.append(NodeSeries(name: sample.node, origin: absolute,
                                        lines: Array(repeating: [], count: metrics.count)))
            }
        }
        let t = absolute - nodes[current].origin
        // GPU indices are small (nvidia-smi's index); anything else is not a GPU to draw.
        guard sample.gpu >= 0, sample.gpu < 1024 else { return }
        for (index, value) in sample.values.enumerated() where index < metrics.count {
            guard let value, value.isFinite else { continue }
            while nodes[current].lines[index].count <= sample.gpu { nodes[current].lines[index].append([]) }
            nodes[current].lines[index][sample.gpu].append(TimePoint(t: t, value: value))
        }
        if let step = sample.stepID {
            if let span = nodes[current].steps[step] {
                if t < span.start || t > span.end { nodes[current].steps[step] = (min(span.start, t), max(span.end, t)) }
            } else {
                nodes[current].steps[step] = (t, t)
            }
        }
    }

    func build(stepLabels: [Int64: String]) -> (charts: [DmonChart], summary: [DmonSummaryRow]) {
        let lineCount = nodes.reduce(0) { total, node in total + node.lines.reduce(0) { $0 + $1.filter { !$0.isEmpty }.count } }
        // Each line gets `buckets` means; the band adds two points per bucket per chart.
        let buckets = lineCount == 0 ? 0 : min(800, max(40, pointBudget / lineCount))
        var charts: [DmonChart] = []
        var summary: [DmonSummaryRow] = []
        for node in nodes.sorted(by: { $0.name < $1.name }) {
            let name = node.name
            let spans = node.steps.sorted { $0.value.start < $1.value.start }.map { id, span in
                StepSpan(label: stepLabels[id] ?? "step \(id)", start: span.start, end: span.end)
            }
            for (index, metric) in metrics.enumerated() {
                let perGPU = node.lines[index]
                guard perGPU.contains(where: { !$0.isEmpty }) else { continue }
                let duration = perGPU.reduce(0.0) { Swift.max($0, $1.last?.t ?? 0) }
                let reduce = perGPU.contains { $0.count > buckets }
                var lines: [DmonLine] = []
                var raw = 0
                for (gpu, points) in perGPU.enumerated() where !points.isEmpty {
                    raw += points.count
                    let drawn = reduce
                        ? Downsample.buckets(points, from: 0, to: duration, count: buckets).map { TimePoint(t: $0.t, value: $0.mean) }
                        : points
                    lines.append(DmonLine(gpu: gpu, points: drawn))
                    let values = points.map(\.value)
                    if let low = values.min(), let high = values.max() {
                        summary.append(DmonSummaryRow(node: name, gpu: gpu, metric: metric.column, unit: metric.unit,
                                                      samples: values.count, min: low,
                                                      mean: values.reduce(0, +) / Double(values.count), max: high))
                    }
                }
                let envelope = reduce
                    ? Downsample.buckets(perGPU.flatMap { $0 }, from: 0, to: duration, count: buckets)
                        .map { EnvelopePoint(t: $0.t, low: $0.min, high: $0.max) }
                    : []
                charts.append(DmonChart(node: name, metric: metric.label, unit: metric.unit, lines: lines,
                                        envelope: envelope, steps: spans, duration: duration, rawPoints: raw,
                                        plottedPoints: lines.reduce(2 * envelope.count) { $0 + $1.points.count }))
            }
        }
        return (charts, summary)
    }
}
