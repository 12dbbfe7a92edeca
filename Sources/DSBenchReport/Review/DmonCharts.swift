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
                                 Metric(column: "pwr", label: "power", unit: "W")]

    let metrics: [Metric]
    /// Points drawn over every dmon chart together; each line gets an equal share (30–400 buckets).
    let pointBudget: Int
    private var nodes: [String: NodeSeries] = [:]
    private var clock = SampleClock()

    private struct NodeSeries {
        var origin: Double?
        /// metric index → GPU → points
        var lines: [[Int: [TimePoint]]]
        var steps: [Int64: (start: Double, end: Double)] = [:]
    }

    init(metrics: [Metric] = DmonChartBuilder.defaultMetrics, pointBudget: Int = 120_000) {
        self.metrics = metrics; self.pointBudget = pointBudget
    }

    mutating func add(_ sample: DmonValues) {
        var series = nodes[sample.node] ?? NodeSeries(lines: Array(repeating: [:], count: metrics.count))
        let absolute = clock.seconds(sample.sampledAt) ?? Double(sample.seq)
        let origin = series.origin ?? absolute
        series.origin = origin
        let t = absolute - origin
        for (index, value) in sample.values.enumerated() where index < metrics.count {
            if let value, value.isFinite { series.lines[index][sample.gpu, default: []].append(TimePoint(t: t, value: value)) }
        }
        if let step = sample.stepID {
            let span = series.steps[step] ?? (t, t)
            series.steps[step] = (min(span.start, t), max(span.end, t))
        }
        nodes[sample.node] = series
    }

    func build(stepLabels: [Int64: String]) -> (charts: [DmonChart], summary: [DmonSummaryRow]) {
        let lineCount = nodes.values.reduce(0) { total, node in total + node.lines.reduce(0) { $0 + $1.count } }
        let buckets = lineCount == 0 ? 0 : min(400, max(30, pointBudget / (2 * lineCount)))
        var charts: [DmonChart] = []
        var summary: [DmonSummaryRow] = []
        for name in nodes.keys.sorted() {
            guard let node = nodes[name] else { continue }
            let spans = node.steps.sorted { $0.value.start < $1.value.start }.map { id, span in
                StepSpan(label: stepLabels[id] ?? "step \(id)", start: span.start, end: span.end)
            }
            for (index, metric) in metrics.enumerated() {
                let perGPU = node.lines[index]
                guard !perGPU.isEmpty else { continue }
                var lines: [DmonLine] = []
                var raw = 0, plotted = 0, duration = 0.0
                for gpu in perGPU.keys.sorted() {
                    let points = perGPU[gpu] ?? []
                    let reduced = Downsample.minMax(points, buckets: buckets)
                    raw += points.count; plotted += reduced.count
                    duration = max(duration, points.last?.t ?? 0)
                    lines.append(DmonLine(gpu: gpu, points: reduced))
                    let values = points.map(\.value)
                    if let low = values.min(), let high = values.max() {
                        summary.append(DmonSummaryRow(node: name, gpu: gpu, metric: metric.column, unit: metric.unit,
                                                      samples: values.count, min: low,
                                                      mean: values.reduce(0, +) / Double(values.count), max: high))
                    }
                }
                charts.append(DmonChart(node: name, metric: metric.label, unit: metric.unit, lines: lines, steps: spans,
                                        duration: duration, rawPoints: raw, plottedPoints: plotted))
            }
        }
        return (charts, summary)
    }
}

/// Seconds from dmon's node-local `YYYY-MM-DD HH:MM:SS` (or `HH:MM:SS`); consecutive samples
/// share their text, so the last one is remembered.
struct SampleClock {
    private var lastText: String?
    private var lastValue: Double?

    mutating func seconds(_ text: String?) -> Double? {
        guard let text else { return nil }
        if text == lastText { return lastValue }
        let value = Self.parse(text)
        lastText = text; lastValue = value
        return value
    }

    static func parse(_ text: String) -> Double? {
        var numbers: [Int] = []
        var current = 0, digits = 0
        for byte in text.utf8 {
            if byte >= 48 && byte <= 57 {
                guard digits < 9 else { return nil }
                current = current * 10 + Int(byte - 48); digits += 1
            } else if digits > 0 {
                numbers.append(current); current = 0; digits = 0
            }
        }
        if digits > 0 { numbers.append(current) }
        switch numbers.count {
        case 6:
            let (y, m, d) = (numbers[0], numbers[1], numbers[2])
            guard (1...12).contains(m), (1...31).contains(d) else { return nil }
            return Double(daysFromCivil(y, m, d)) * 86_400 + Double(numbers[3] * 3600 + numbers[4] * 60 + numbers[5])
        case 3:
            return Double(numbers[0] * 3600 + numbers[1] * 60 + numbers[2])
        default:
            return nil
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
