import DSBenchCore

/// A workload's output → metric series (by the step's declared rules) and recognised failures.
/// Without rules (`dsbench parse workload`, or stderr) only failures are looked for.
public enum WorkloadParser {
    public static func parse(_ bytes: [UInt8], spec: WorkloadSpec?) -> WorkloadReport {
        var extractor = WorkloadMetricExtractor(rules: spec?.metrics ?? [])
        var classifier = WorkloadFailureClassifier()
        let text = String(decoding: bytes, as: UTF8.self)
        var number = 0
        var poll = CancellationPoll()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if poll.shouldStop() { break }
            number += 1
            let clean = line.last == "\r" ? line.dropLast() : line
            if clean.isEmpty { continue }
            extractor.scan(clean, number: number)
            classifier.scan(clean, number: number)
        }
        classifier.finish()
        var diagnostics = extractor.diagnostics
        let series = extractor.series()
        for item in series where item.samples.isEmpty {
            diagnostics.append(Diagnostic(.warning, "metric '\(item.rule.name)': no line matched its rule"))
        }
        for item in series where !item.samples.isEmpty && item.samples.count <= item.dropped {
            diagnostics.append(Diagnostic(.warning, "metric '\(item.rule.name)': all \(item.samples.count) samples "
                + "are warm-up (warmup: \(item.rule.warmup)); nothing to summarise"))
        }
        for failure in classifier.failures {
            diagnostics.append(Diagnostic(.error, line: failure.line, "\(failure.kind.rawValue): \(failure.message)"))
        }
        return WorkloadReport(series: series, failures: classifier.failures, diagnostics: diagnostics)
    }
}
