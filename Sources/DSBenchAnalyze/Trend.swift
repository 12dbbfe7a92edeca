import DSBenchCore
import Foundation

/// One run's value of a trended metric.
public struct TrendRunPoint: Sendable, Equatable {
    public var runID: Int64
    public var startedAt: Date?
    public var value: Double
    /// Samples the value is the median of.
    public var samples: Int
}

public struct TrendReport: Sendable {
    public var suite: String
    /// What was trended, in words (`busbw, bandwidth band (≥ 64 MiB), all nodes`).
    public var metric: String
    public var direction: ImprovementDirection
    public var points: [TrendRunPoint]
    public var changePoints: [ChangePoints.ChangePoint]
    /// The metric's name alone (`busbw`, `step_ms`): the value column's header.
    public var valueName: String = BusbwSamples.metric
    /// Unit of the values (`GB/s`, `ms`; empty for a unitless metric).
    public var unit: String = "GB/s"
}

/// `dsbench trend`: one number per run (the median busbw over the chosen sizes, nodes and steps)
/// across the suite's completed runs, with change points by binary segmentation (`ChangePoints`).
public enum Trend {
    public struct Selection: Sendable {
        public var band: SizeBand?
        public var size: Int64?
        public var node: String?
        public var collective: String?
        public var step: String?

        public init(band: SizeBand? = .bandwidth, size: Int64? = nil, node: String? = nil, collective: String? = nil,
                    step: String? = nil) {
            self.band = band; self.size = size; self.node = node; self.collective = collective; self.step = step
        }

        /// The sizes (bytes, inclusive) the selection trends: what to read from the store.
        public var sizeRange: (Int64, Int64) {
            if let size { return (size, size) }
            switch band {
            case .latency?: return (0, SizeBand.latencyMaxBytes)
            case .mid?: return (SizeBand.latencyMaxBytes + 1, SizeBand.bandwidthMinBytes - 1)
            case .bandwidth?: return (SizeBand.bandwidthMinBytes, Int64.max)
            case nil: return (0, Int64.max)
            }
        }

        var words: String {
            var parts = ["busbw"]
            if let size { parts.append("size \(Format.bytes(size))") }
            else if let band { parts.append("\(band.rawValue) band (\(band.range))") }
            else { parts.append("all sizes") }
            if let collective { parts.append(collective) }
            if let step { parts.append("step \(step)") }
            parts.append(node.map { "node \($0)" } ?? "all nodes")
            return parts.joined(separator: ", ")
        }
    }

    /// Runs (oldest first) and their nccl steps (of `selection.sizeRange`) in, trend out (`load` in
    /// DSBenchAnalysisStore reads them).
    public static func busbw(runs: [AnalysisRun], steps: [NcclStepResults], selection: Selection = Selection(),
                             suite: String, options: ChangePoints.Options = ChangePoints.Options()) -> TrendReport {
        let byRun = Dictionary(grouping: steps.filter { step in
            (selection.node == nil || step.node == selection.node)
                && (selection.collective == nil || step.collective == selection.collective)
                && (selection.step == nil || step.stepName == selection.step)
        }, by: \.runID)
        var points: [TrendRunPoint] = []
        for run in runs {
            guard let runSteps = byRun[run.id] else { continue }
            var samples: [Double] = []
            for sizes in BusbwSamples.table(runSteps, matchStepNames: true).values {
                for values in sizes.values { samples += values }
            }
            if let value = Descriptive.median(samples) {
                points.append(TrendRunPoint(runID: run.id, startedAt: run.startedAt, value: value, samples: samples.count))
            }
        }
        return TrendReport(suite: suite, metric: selection.words, direction: BusbwSamples.direction, points: points,
                           changePoints: ChangePoints.detect(points.map(\.value), options: options))
    }
}
