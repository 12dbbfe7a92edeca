import ArgumentParser
import DSBenchCore

/// Metric rules for `dsbench parse workload FILE` (a suite declares them under `metrics:`).
struct ParseWorkloadOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "workload: a metric as NAME=REGEX (the value is the group named NAME, or the first group); repeatable.",
        valueName: "name=regex"))
    var metric: [String] = []
    @Option(name: .long, help: "workload: metrics for which lower is better (default: higher); repeatable.")
    var lower: [String] = []
    @Option(name: .long, help: "workload: leading samples of every metric dropped as warm-up.")
    var warmup: Int = 0

    /// Nil when no metric was given; throws a usage message for a malformed one.
    func spec() throws -> WorkloadSpec? {
        guard !metric.isEmpty else { return nil }
        let rules = try metric.map { text -> MetricRule in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--metric '\(text)': expected NAME=REGEX")
            }
            let name = String(text[..<equals])
            return MetricRule(name: name, source: .regex(String(text[text.index(after: equals)...])),
                              direction: lower.contains(name) ? .lower : .higher, warmup: max(warmup, 0))
        }
        return WorkloadSpec(metrics: rules)
    }
}
