import DSBenchCore

/// The busbw figures `dsbench show` gives an nccl step, from its stored rows with what
/// `NcclPlausibility` rejects left out: the rows stay stored as printed, only these derived
/// figures exclude them. On one H200 the broadcast's highest printed busbw is 9e+06 (an in-place
/// no-op) and its `# Avg bus bandwidth` 306333; the plausible figures are 2148.5 and 488.01.
public struct NcclBusbwHeadline: Sendable, Equatable {
    /// Highest plausible busbw of any row half; nil when there is none.
    public var maxBusbw: Double?
    /// The `# Avg bus bandwidth` nccl-tests printed when every half was plausible (it averages
    /// the busbw of every half, to more digits than the rows show; nil when the run was cut before
    /// it); otherwise the mean of the plausible halves' busbw, nil when no half is plausible.
    public var avgBusbw: Double?
    /// Halves with a busbw that are plausible / implausible / a 1-rank zero.
    public var measured: Int
    public var implausible: Int
    public var notMeasuredOneRank: Int

    public init(maxBusbw: Double?, avgBusbw: Double?, measured: Int, implausible: Int, notMeasuredOneRank: Int) {
        self.maxBusbw = maxBusbw; self.avgBusbw = avgBusbw; self.measured = measured
        self.implausible = implausible; self.notMeasuredOneRank = notMeasuredOneRank
    }

    /// One rank moved nothing: every busbw was 0 by definition, and there is nothing else.
    public var isNotMeasuredOnOneRank: Bool { measured == 0 && implausible == 0 && notMeasuredOneRank > 0 }

    public static func of(_ rows: [NcclResultRow], summary: NcclStepSummary) -> NcclBusbwHeadline {
        let ceiling = NcclPlausibility.ceiling(gpuModel: summary.gpuModel)
        var values: [Double] = []
        var implausible = 0, oneRank = 0
        for row in rows {
            for half in [row.outOfPlace, row.inPlace].compactMap({ $0 }) {
                guard let busbw = half.busbw, busbw.isFinite else { continue }
                switch NcclPlausibility.classify(size: row.size, timeUs: half.timeUs, algbw: half.algbw, busbw: busbw,
                                                 ranks: summary.ranks, ceiling: ceiling) {
                case .plausible: values.append(busbw)
                case .implausible: implausible += 1
                case .notMeasuredOneRank: oneRank += 1
                }
            }
        }
        let average = implausible == 0 && oneRank == 0
            ? summary.avgBusbw : (values.isEmpty ? nil : values.reduce(0, +) / Double(values.count))
        return NcclBusbwHeadline(maxBusbw: values.max(), avgBusbw: average, measured: values.count,
                                 implausible: implausible, notMeasuredOneRank: oneRank)
    }
}
