import Foundation
import DSBenchCore
import Yams

/// Decodes the optional `regression:` block, at the top level (baseline, tolerances, thresholds)
/// and in a step (its own tolerances).
struct RegressionDecoder {
    let reader: NodeReader

    /// `knownMetrics`: the metric names a `metric_tolerances` key may name (the steps' declared
    /// metrics and the trace metrics); nil when the steps could not be read, so nothing is checked.
    func decodePolicy(_ entry: NodeReader.Entry, knownMetrics: [String]? = nil) -> RegressionPolicy {
        var policy = RegressionPolicy()
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping such as {baseline: nightly-ref, tolerance: {bandwidth: 5%}}") else {
            return policy
        }
        reader.checkKeys(entries, allowed: SuiteKeys.regression, path: entry.path, context: "regression")
        for item in entries {
            switch item.key {
            case "baseline":
                policy.baseline = reader.nonEmptyString(item.value, path: item.path,
                                                        expected: "a baseline name, a run id, or auto")
            case "tolerance": policy.tolerances = decodeTolerances(item)
            case "fleet_z":
                policy.fleetThreshold = number(item, in: 0.5...100, expected: "a robust z-score threshold such as 3.5")
            case "alpha":
                policy.alpha = number(item, in: 0.0001...0.5, expected: "a significance level such as 0.05")
            case "auto_runs":
                policy.autoRuns = reader.int(item.value, path: item.path, in: 1...1000,
                                             expected: "how many earlier runs form an auto baseline, 1 to 1000")
            case "metric_tolerance": policy.metricTolerance = fraction(item)
            case "metric_tolerances": policy.metricTolerances = decodeMetricTolerances(item, knownMetrics: knownMetrics)
            default: break
            }
        }
        return policy
    }

    /// A step's `regression:` holds only `tolerance:`.
    func decodeStep(_ entry: NodeReader.Entry) -> ToleranceOverrides? {
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping such as {tolerance: {bandwidth: 3%}}") else { return nil }
        reader.checkKeys(entries, allowed: SuiteKeys.stepRegression, path: entry.path, context: "step regression")
        return entries.first { $0.key == "tolerance" }.map(decodeTolerances)
    }

    func decodeTolerances(_ entry: NodeReader.Entry) -> ToleranceOverrides {
        var overrides = ToleranceOverrides()
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping of size band to tolerance, e.g. {latency: 60%, mid: 25%, bandwidth: 5%}") else {
            return overrides
        }
        reader.checkKeys(entries, allowed: SuiteKeys.tolerance, path: entry.path, context: "tolerance")
        for item in entries {
            let value = fraction(item)
            switch item.key {
            case "latency": overrides.latency = value
            case "mid": overrides.mid = value
            case "bandwidth": overrides.bandwidth = value
            default: break
            }
        }
        return overrides
    }

    /// `{step_ms: 5%, trace.overlap_pct: 50%}`: a tolerance per workload metric name.
    private func decodeMetricTolerances(_ entry: NodeReader.Entry, knownMetrics: [String]?) -> [String: Double] {
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping of metric name to tolerance, e.g. {step_ms: 5%}") else {
            return [:]
        }
        var tolerances: [String: Double] = [:]
        for item in entries {
            if let known = knownMetrics, !known.contains(item.key) {
                reader.report(.unknownKey, at: item.keyNode, path: item.path, found: "no metric named '\(item.key)'",
                              expected: "a metric a workload step declares, or a trace metric (\(known.joined(separator: ", ")))",
                              hint: DidYouMean.hint(item.key, from: known))
                continue
            }
            if let value = fraction(item) { tolerances[item.key] = value }
        }
        return tolerances
    }

    /// `5%` or a fraction `0.05`; from 0 (exclusive) to 100 %.
    private func fraction(_ item: NodeReader.Entry) -> Double? {
        let expected = "a tolerance such as 5% (or the fraction 0.05), above 0 and at most 100%"
        guard let text = reader.string(item.value, path: item.path, expected: expected) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value = trimmed.hasSuffix("%") ? Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
                                           : Double(trimmed)
        guard let value, value.isFinite, value > 0, value <= 1 else {
            reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(text)'", expected: expected,
                          hint: !trimmed.hasSuffix("%") && (Double(trimmed) ?? 0) > 1 ? "write \(trimmed)% for a percentage" : nil)
            return nil
        }
        return value
    }

    private func number(_ item: NodeReader.Entry, in range: ClosedRange<Double>, expected: String) -> Double? {
        guard let text = reader.string(item.value, path: item.path, expected: expected) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(text)'", expected: expected)
            return nil
        }
        return value
    }
}
