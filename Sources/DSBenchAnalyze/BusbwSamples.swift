import DSBenchCore
import DSBenchStore

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
public enum BusbwSamples {
    public static let metric = "busbw"
    public static let unit = "GB/s"
    public static let direction = ImprovementDirection.higherIsBetter
    /// Below this, printed values are recomputed from the time.
    public static let printedResolutionLimit = 1.0

    public typealias Table = [SeriesKey: [Int64: [Double]]]

    /// Adds the samples of `steps` to `table`.
    public static func collect(_ steps: [NcclStepResults], matchStepNames: Bool, into table: inout Table) {
        for step in steps {
            let factor = busbwFactor(step)
            for point in step.points {
                let key = SeriesKey.of(step, point, matchStepNames: matchStepNames)
                var values: [Double] = []
                if let value = busbw(point.outOfPlace, size: point.size, factor: factor) { values.append(value) }
                if let inPlace = point.inPlace, let value = busbw(inPlace, size: point.size, factor: factor) {
                    values.append(value)
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

    /// busbw/algbw of the row with the highest algbw (the most digits); nil when unknown.
    static func busbwFactor(_ step: NcclStepResults) -> Double? {
        var best: (algbw: Double, factor: Double)?
        for point in step.points {
            for m in [point.outOfPlace, point.inPlace].compactMap({ $0 }) {
                guard let algbw = m.algbw, let busbw = m.busbw, algbw.isFinite, busbw.isFinite, algbw > 0 else { continue }
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
