import DSBenchCore
import DSBenchAnalyze
import DSBenchStore
import Foundation

/// busbw at each series' largest size across the runs of the same suite, oldest first: a slow
/// drift that never breaks a tolerance shows here.
enum TrendBuilder {
    static func series(current runID: Int64, runs: [(id: Int64, startedAt: Date?)], rows: [BusbwRow],
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
                if let median = Median.of(values) {
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
