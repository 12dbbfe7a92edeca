import DSBenchCore

/// Micro-benchmark numbers (GEMM TFLOP/s per dtype, memory GB/s) against what the GPU model is
/// known to reach: the catalogue's `expected_metrics`.
enum ExpectedMetricRules {
    static let all: [HealthRule] = [belowExpected]

    static let belowExpected = HealthRule(
        id: "metric.below_expected", severity: .warning,
        summary: "a GPU's micro-benchmark metric (GEMM TFLOP/s, memory GB/s) below a fraction of the catalogue's figure for its model",
        hint: "look at the clocks and throttle reasons during the step (dmon pclk/pviol/tviol, `nvidia-smi -q -d PERFORMANCE`), "
            + "the power limit and cooling; a GPU slow only with all GPUs at once points at power or cooling",
        thresholds: [.metricExpectedFraction],
        check: { input, rule in
            let fraction = input.threshold(.metricExpectedFraction)
            return ExpectedMetricLookup.summaries(input.metrics).compactMap { measured -> Finding? in
                guard measured.metric.value.isFinite, let model = ExpectedMetricLookup.gpuModel(of: measured, input: input),
                      let figure = input.settings.metricCatalogue.first(where: {
                          $0.matches(model: model, name: measured.metric.name, seriesLabels: measured.metric.labels)
                      }) else { return nil }
                let value = measured.metric.value
                let short = figure.direction == .higher ? value < fraction * figure.value : value > figure.value / fraction
                guard short else { return nil }
                let series = ExpectedMetricLookup.seriesName(measured.metric)
                let where_ = measured.gpu.map { "GPU \($0) on \(measured.node)" } ?? measured.node
                let clocks = ExpectedMetricLookup.clockEvidence(measured, input: input)
                return rule.finding(
                    "\(where_): \(series) \(Num.text(value)) \(figure.unit) is \(Num.percent(value / figure.value)) of the "
                        + "\(Num.text(figure.value)) \(figure.unit) expected for \(model) during \(measured.stepKey)"
                        + (clocks.throttled ? " (the GPU throttled during the step)" : ""),
                    node: measured.node, gpu: measured.gpu, step: measured.stepKey,
                    evidence: "\(series) = \(Num.text(value)) \(figure.unit); expected \(Num.text(figure.value)) \(figure.unit) "
                        + "(\(figure.source)); threshold \(Num.text(fraction * 100)) %" + clocks.text,
                    observed: value, expected: figure.value)
            }
        })
}

/// How a metric finds its GPU model and what the step's dmon says about the GPU's clocks.
enum ExpectedMetricLookup {
    /// The model of the series' GPU (its `gpu` label in the node's inventory), else the node's most
    /// common GPU model; nil without an inventory of the node.
    static func gpuModel(of measured: HealthMetric, input: HealthInput) -> String? {
        if let gpu = measured.gpu, let name = input.gpu(node: measured.node, index: gpu)?.name { return name }
        return input.commonGPUModel(node: measured.node)
    }

    /// One value per series: its samples (`sample` label) are left out, and of its summaries the
    /// median is judged, else the mean, else the last value, else the first one stored.
    static func summaries(_ metrics: [HealthMetric]) -> [HealthMetric] {
        let preference = ["median": 0, "mean": 1, "last": 2]
        var chosen: [String: (rank: Int, metric: HealthMetric)] = [:]
        var order: [String] = []
        for measured in metrics where measured.metric.labels["sample"] == nil {
            let labels = measured.metric.labels.filter { $0.key != "stat" }.sorted { $0.key < $1.key }
            let key = ([measured.stepKey, measured.node, measured.metric.name] + labels.map { "\($0.key)=\($0.value)" })
                .joined(separator: "\u{0}")
            let rank = measured.metric.labels["stat"].flatMap { preference[$0] } ?? 3
            if let seen = chosen[key] {
                if rank < seen.rank { chosen[key] = (rank, measured) }
            } else {
                order.append(key)
                chosen[key] = (rank, measured)
            }
        }
        return order.compactMap { chosen[$0]?.metric }
    }

    /// `gemm_tflops{dtype=bf16,mode=all}`: the labels other than `gpu` (said beside the series) and `stat`.
    static func seriesName(_ metric: MetricValue) -> String {
        let labels = metric.labels.filter { $0.key != "gpu" && $0.key != "stat" }.sorted { $0.key < $1.key }
        return labels.isEmpty ? metric.name : metric.name + "{" + labels.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
    }

    /// The GPU's dmon samples in the step, summarised: median SM clock against the inventory's
    /// maximum, and samples with power or thermal capping. Without dmon, nothing is claimed.
    static func clockEvidence(_ measured: HealthMetric, input: HealthInput) -> (text: String, throttled: Bool) {
        guard let gpu = measured.gpu,
              let step = input.dmonSteps.first(where: { $0.key == measured.stepKey && $0.node == measured.node }),
              let samples = step.series.first(where: { $0.gpu == gpu })?.samples, !samples.isEmpty else { return ("", false) }
        let clocks = samples.compactMap(\.pclk).sorted()
        let power = samples.filter { ($0.pviol ?? 0) > 0 }.count
        let thermal = samples.filter { ($0.tviol ?? 0) > 0 }.count
        var parts: [String] = []
        var throttled = thermal > 0
        if !clocks.isEmpty {
            let median = clocks[clocks.count / 2]
            var clock = "SM clock median \(Num.text(median)) MHz"
            if let max = input.gpu(node: measured.node, index: gpu)?.clocksMaxSMMHz, max > 0 {
                clock += " of \(Num.text(max)) MHz max"
                if median < input.threshold(.clocksFraction) * max { throttled = true }
            }
            parts.append(clock)
        }
        parts.append("power-capped in \(power) and thermally capped in \(thermal) of \(samples.count) samples")
        return ("; dmon during the step: " + parts.joined(separator: ", "), throttled)
    }
}
