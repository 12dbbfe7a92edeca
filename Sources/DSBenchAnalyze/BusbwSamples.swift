import DSBenchCore

/// busbw samples per series and size, gathered from stored steps.
///
/// Each row gives two samples: the out-of-place and the in-place measurement of the same size
/// (same collective, same buffers size, each the mean of the step's iterations). They, and the rows
/// of repeated steps and of every baseline run, are treated as independent draws of one
/// distribution — the assumption behind the Mann–Whitney test (docs/regressions.md).
///
/// nccl-tests prints busbw with two decimals, which leaves fewer than three significant digits
/// below 1 GB/s (all sizes under ~64 KiB read 0.00–0.99). There the value is recomputed from the
/// time column, which keeps four digits: busbw = bytes / time × (busbw/algbw), the collective's
/// factor read from the step's own largest row (2(n−1)/n for all_reduce).
///
/// Only halves `NcclPlausibility` calls plausible are samples: a no-op printed as 9e+06 GB/s or a
/// 1-rank busbw of 0 is no measurement of the series. Every busbw figure — comparisons, baselines,
/// fleet, trends, `show`'s max and average, the report's curves — goes through `admits`.
public enum BusbwSamples {
    public static let metric = "busbw"
    public static let unit = "GB/s"
    public static let direction = ImprovementDirection.higherIsBetter
    /// Below this, printed values are recomputed from the time.
    public static let printedResolutionLimit = 1.0

    public typealias Table = [SeriesKey: [Int64: [Double]]]

    /// Adds the samples of `steps` to `table`.
    public static func collect(_ steps: [NcclStepResults], matchStepNames: Bool, into table: inout Table) {
        var ceilings = NcclPlausibility.CeilingCache()
        for step in steps {
            let ceiling = ceilings.ceiling(gpuModel: step.gpuModel)
            let factor = busbwFactor(step, ceiling: ceiling)
            for point in step.points {
                let key = SeriesKey.of(step, point, matchStepNames: matchStepNames)
                var values: [Double] = []
                forEachAdmittedHalf(point, ranks: step.ranks, ceiling: ceiling) { half in
                    if let value = busbw(half, size: point.size, factor: factor) { values.append(value) }
                }
                if !values.isEmpty { table[key, default: [:]][point.size, default: []] += values }
            }
        }
    }

    public static func table(_ steps: [NcclStepResults], matchStepNames: Bool) -> Table {
        var table: Table = [:]
        collect(steps, matchStepNames: matchStepNames, into: &table)
        return table
    }

    /// The one gate: the half is a measurement (`NcclPlausibility.classify` says plausible).
    public static func admits(size: Int64, timeUs: Double?, algbw: Double?, busbw: Double?, ranks: Int?,
                              ceiling: NcclPlausibility.Ceiling) -> Bool {
        NcclPlausibility.classify(size: size, timeUs: timeUs, algbw: algbw, busbw: busbw, ranks: ranks,
                                  ceiling: ceiling) == .plausible
    }

    /// The report's rows with the busbw of every row that is not a sample taken out (set to nil):
    /// the row stays, its `#wrong` still counts, but no curve, heatmap or trend point uses it.
    public static func admitted(_ rows: [BusbwRow]) -> [BusbwRow] {
        var ceilings = NcclPlausibility.CeilingCache()
        return rows.map { row in
            var row = row
            let ceiling = ceilings.ceiling(gpuModel: row.gpuModel)
            if !admits(size: row.size, timeUs: row.timeUs, algbw: row.algbw, busbw: row.busbw, ranks: row.ranks,
                       ceiling: ceiling) {
                row.busbw = nil
            }
            return row
        }
    }

    /// Calls `body` with each half of `point` that is a sample, out-of-place first (no array per
    /// point: this runs for every row of a year of nightly runs).
    static func forEachAdmittedHalf(_ point: NcclPoint, ranks: Int?, ceiling: NcclPlausibility.Ceiling,
                                    _ body: (NcclPointMeasurement) -> Void) {
        func admitted(_ m: NcclPointMeasurement) -> Bool {
            admits(size: point.size, timeUs: m.timeUs, algbw: m.algbw, busbw: m.busbw, ranks: ranks, ceiling: ceiling)
        }
        if admitted(point.outOfPlace) { body(point.outOfPlace) }
        if let inPlace = point.inPlace, admitted(inPlace) { body(inPlace) }
    }

    /// busbw/algbw of the admitted half with the highest algbw (the most digits); nil when unknown.
    static func busbwFactor(_ step: NcclStepResults, ceiling: NcclPlausibility.Ceiling) -> Double? {
        var best: (algbw: Double, factor: Double)?
        for point in step.points {
            forEachAdmittedHalf(point, ranks: step.ranks, ceiling: ceiling) { m in
                guard let algbw = m.algbw, let busbw = m.busbw, algbw.isFinite, busbw.isFinite, algbw > 0 else { return }
                if algbw > (best?.algbw ?? 0) { best = (algbw, busbw / algbw) }
            }
        }
        return best?.factor
    }

    static func busbw(_ m: NcclPointMeasurement, size: Int64, factor: Double?) -> Double? {
        if let printed = m.busbw, printed.isFinite, printed >= printedResolutionLimit { return printed }
        if let factor, let time = m.timeUs, time.isFinite, time > 0 {
            return Double(size) / (time * 1e3) * factor  // bytes/µs = MB/s → GB/s
        }
        return m.busbw.flatMap { $0.isFinite ? $0 : nil }
    }
}
