import DSBenchCore
import Foundation

/// busbw at each series' largest size across the runs of the same suite, oldest first: a slow
/// drift that never breaks a tolerance shows here (the report's trend chart).
public enum BusbwTrend {
    public static func series(current runID: Int64, runs: [(id: Int64, startedAt: Date?)], rows: [BusbwRow],
                              collectives: [CollectiveReport]) -> [TrendSeries] {
        let byRun = Dictionary(grouping: rows.filter { $0.busbw != nil }, by: \.runID)
        let currentIDs = Dictionary(grouping: (byRun[runID] ?? []), by: BusbwCurves.SeriesID.init)
        var result: [TrendSeries] = []
        for (id, series) in zip(currentIDs.keys.sorted(), collectives.flatMap(\.series)) {
            guard let size = series.points.last?.size else { continue }
            var points: [TrendPoint] = []
            for run in runs.sorted(by: { $0.id < $1.id }) {
                let values = (byRun[run.id] ?? []).filter { BusbwCurves.SeriesID($0) == id && $0.size == size }
                    .compactMap(\.busbw)
                if let median = Descriptive.median(values) {
                    points.append(TrendPoint(runID: run.id, startedAt: run.startedAt, busbw: median, isCurrent: run.id == runID))
                }
            }
            if points.count >= 2 {
                result.append(TrendSeries(seriesKey: series.key, collective: series.collective, size: size,
                                          sizeLabel: SizeLabel.text(size), points: points,
                                          changePoints: changes(points)))
            }
        }
        return result
    }

    /// Change points of the series' busbw, by the trend analysis' binary segmentation.
    static func changes(_ points: [TrendPoint], options: ChangePoints.Options = ChangePoints.Options()) -> [TrendChange] {
        ChangePoints.detect(points.map(\.busbw), options: options).compactMap { change in
            guard points.indices.contains(change.index) else { return nil }
            return TrendChange(pointIndex: change.index, runID: points[change.index].runID,
                               meanBefore: change.meanBefore, meanAfter: change.meanAfter,
                               changePercent: change.meanBefore != 0
                                   ? (change.meanAfter - change.meanBefore) / change.meanBefore * 100 : nil,
                               statistic: change.statistic)
        }
    }
}

/// busbw of one series at one size across the suite's runs, oldest first.
public struct TrendSeries: Sendable {
    public var seriesKey: String
    public var collective: String
    public var size: Int64
    public var sizeLabel: String
    public var points: [TrendPoint]
    /// Shifts in the series' mean found by the trend analysis (`ChangePoints.detect`, the same as
    /// `dsbench trend`), oldest first.
    public var changePoints: [TrendChange] = []
}

/// A change point of a trend series: from `pointIndex` on, the mean moved.
public struct TrendChange: Sendable {
    /// Index into `TrendSeries.points` of the first point after the change.
    public var pointIndex: Int
    /// The run of that point.
    public var runID: Int64
    public var meanBefore: Double
    public var meanAfter: Double
    /// (after − before) / before · 100; nil when the mean before is 0.
    public var changePercent: Double?
    /// CUSUM statistic over the noise estimate at the split.
    public var statistic: Double
}

public struct TrendPoint: Sendable {
    public var runID: Int64
    public var startedAt: Date?
    public var busbw: Double
    /// The run this report is about.
    public var isCurrent: Bool
}
