import DSBenchAnalyze
import DSBenchCore
import DSBenchVerdict

/// `--json` of `compare` and `check`: the verdict, then the comparison's numbers. Keys are stable.
public enum ComparisonJSON {
    typealias V = JSONWriter.Value

    public static func render(_ judgement: Judgement) -> String { JSONWriter.render(value(judgement)) }

    public static func value(_ judgement: Judgement) -> JSONWriter.Value {
        .object([
            ("run", .int(judgement.verdict.runID)), ("suite", .string(judgement.verdict.suite)),
            ("verdict", VerdictJSON.value(judgement.verdict, judgedBy: judgement.judgedBy)),
            ("comparison", judgement.comparison.map(comparison) ?? .null),
            ("metrics", judgement.metrics.map(metrics) ?? .null),
        ])
    }

    static func comparison(_ r: ComparisonReport) -> V {
        .object([
            ("baseline", .string(r.baselineLabel)), ("baseline_runs", .array(r.baselineRunIDs.map { .int($0) })),
            ("alpha", .double(r.alpha)), ("regression", .bool(r.hasRegression)),
            ("series", .array(r.series.map(series))),
            ("unmatched_series", .array(r.unmatchedSeries.map { .string($0.description) })),
            ("environment_changes", .array(r.environmentChanges.map { c in
                .object([("what", .string(c.what)), ("baseline", .array(c.baseline.map { .string($0) })),
                         ("candidate", .array(c.candidate.map { .string($0) }))])
            })),
        ])
    }

    static func metrics(_ r: MetricComparisonReport) -> V {
        .object([
            ("baseline", .string(r.baselineLabel)), ("baseline_runs", .array(r.baselineRunIDs.map { .int($0) })),
            ("alpha", .double(r.alpha)), ("regression", .bool(r.hasRegression)),
            ("series", .array(r.series.map { s in
                let o = s.outcome
                return .object([
                    ("step", .string(s.key.step)), ("node", .string(s.key.node)), ("metric", .string(s.key.metric)),
                    ("labels", .object(s.key.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                    ("unit", .string(s.unit)), ("direction", .string(s.direction.rawValue)),
                    ("samples", .string(s.samples.rawValue)), ("tolerance", .double(o.tolerance)),
                    ("candidate_median", .optional(o.candidateMedian)), ("baseline_median", .optional(o.baselineMedian)),
                    ("change", .optional(o.change)), ("candidate_samples", .int(o.candidateSamples)),
                    ("baseline_samples", .int(o.baselineSamples)), ("mann_whitney", test(o.test)),
                    ("basis", .string(o.basis.rawValue)), ("verdict", .string(o.verdict.rawValue)),
                    ("basis_detail", .string(s.basisDetail)),
                ])
            })),
            ("unmatched_series", .array(r.unmatchedSeries.map { .string($0.description) })),
        ])
    }

    static func test(_ t: MannWhitney.Result?) -> V {
        t.map { .object([("u", .double($0.u)), ("p", .double($0.p)), ("method", .string($0.method.rawValue))]) } ?? .null
    }

    static func key(_ k: SeriesKey) -> V {
        .object([("step", .string(k.step)), ("collective", .string(k.collective)), ("type", .string(k.type)),
                 ("redop", .string(k.redop)), ("root", .int(k.root)), ("node", .string(k.node)),
                 ("hardware", .string(k.hardware))])
    }

    static func series(_ s: SeriesComparison) -> V {
        .object([
            ("key", key(s.key)), ("metric", .string(s.metric)), ("direction", .string(s.direction.rawValue)),
            ("regression", .bool(s.isRegression)),
            ("bands", .array(s.bands.map { b in
                .object([("band", .string(b.band.rawValue)), ("range", .string(b.band.range)),
                         ("tolerance", .double(b.tolerance)), ("sizes", .int(b.compared)), ("regressed", .int(b.regressed)),
                         ("median_change", .optional(b.medianChange)), ("worst_change", .optional(b.worstChange)),
                         ("worst_size", .optional(b.worstSize)), ("basis", .string(b.basis.rawValue)),
                         ("verdict", .string(b.verdict.rawValue)), ("samples", .string(b.samples.rawValue)),
                         ("basis_detail", .string(b.basisDetail))])
            })),
            ("sizes", .array(s.sizes.map { z in
                .object([("size", .int(z.size)), ("band", .string(z.band.rawValue)),
                         ("candidate_median", .optional(z.candidateMedian)), ("baseline_median", .optional(z.baselineMedian)),
                         ("change", .optional(z.change)), ("candidate_samples", .int(z.candidateSamples)),
                         ("baseline_samples", .int(z.baselineSamples)),
                         ("mann_whitney", z.test.map { t in
                             .object([("u", .double(t.u)), ("p", .double(t.p)), ("method", .string(t.method.rawValue))])
                         } ?? .null),
                         ("basis", .string(z.basis.rawValue)), ("verdict", .string(z.verdict.rawValue)),
                         ("samples", .string(z.samples.rawValue)), ("basis_detail", .string(z.basisDetail))])
            })),
            ("unmatched_sizes", .array(s.unmatchedSizes.map { .int($0) })),
        ])
    }
}

/// A stored finding as JSON (shared by `show --json` and `check --json`).
public enum FindingJSON {
    public static func value(_ f: Finding) -> JSONWriter.Value {
        .object([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)), ("node", .optional(f.node)),
                 ("gpu", .optional(f.gpu)), ("step", .optional(f.step)), ("message", .string(f.message)),
                 ("evidence", .string(f.evidence)), ("observed", .optional(f.observed)), ("expected", .optional(f.expected)),
                 ("hint", .optional(f.hint))])
    }
}
