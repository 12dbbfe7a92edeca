/// Communication and compute on each GPU of a PyTorch profiler (Kineto) Chrome trace.
public struct TorchTraceReport: Sendable, Codable, Equatable {
    public var devices: [TorchTraceDevice]
    /// Kernel events read (all devices).
    public var kernelEvents: Int
    public var diagnostics: [Diagnostic]

    public init(devices: [TorchTraceDevice] = [], kernelEvents: Int = 0, diagnostics: [Diagnostic] = []) {
        self.devices = devices; self.kernelEvents = kernelEvents; self.diagnostics = diagnostics
    }

    /// The trace metrics a comparison with a baseline judges (issue 11: overlap and exposed
    /// communication). The others describe the traced window rather than its quality: NCCL and
    /// compute time and the kernel counts grow with the number of steps the profiler recorded.
    public static let judgedMetricNames: Set<String> = ["trace.overlap_pct", "trace.exposed_comm_us"]

    /// Every metric name `metricValues` writes.
    public static let metricNames = ["trace.nccl_us", "trace.compute_us", "trace.overlap_us", "trace.overlap_pct",
                                     "trace.exposed_comm_us", "trace.collective_count", "trace.collective_us"]

    /// Rows for the metrics table, labelled with the device (and collective).
    public var metricValues: [MetricValue] {
        devices.flatMap { device -> [MetricValue] in
            let labels = ["device": String(device.device)]
            var rows = [
                MetricValue(name: "trace.nccl_us", value: device.ncclMicroseconds, unit: "us", direction: .lower, labels: labels),
                MetricValue(name: "trace.compute_us", value: device.computeMicroseconds, unit: "us", direction: .lower, labels: labels),
                MetricValue(name: "trace.overlap_us", value: device.overlapMicroseconds, unit: "us", direction: .higher, labels: labels),
                MetricValue(name: "trace.overlap_pct", value: device.overlapPercent, unit: "%", direction: .higher, labels: labels),
                MetricValue(name: "trace.exposed_comm_us", value: device.exposedCommMicroseconds, unit: "us", direction: .lower, labels: labels),
            ]
            for (name, stats) in device.collectives.sorted(by: { $0.key < $1.key }) {
                var l = labels
                l["collective"] = name
                rows.append(MetricValue(name: "trace.collective_count", value: Double(stats.count), unit: "", direction: .lower, labels: l))
                rows.append(MetricValue(name: "trace.collective_us", value: stats.microseconds, unit: "us", direction: .lower, labels: l))
            }
            return rows
        }
    }
}

public struct TorchTraceDevice: Sendable, Codable, Equatable {
    /// Device index (the trace's `pid` of kernel events).
    public var device: Int
    /// Length of the union of NCCL kernel intervals.
    public var ncclMicroseconds: Double
    /// Length of the union of all other kernel intervals.
    public var computeMicroseconds: Double
    /// Length of the intersection of the two unions.
    public var overlapMicroseconds: Double
    /// overlap / NCCL time × 100 (0 without NCCL kernels).
    public var overlapPercent: Double
    /// NCCL time not hidden behind compute.
    public var exposedCommMicroseconds: Double
    /// By collective as the kernel name says (`AllReduce`, `AllGather`, `SendRecv`, …).
    public var collectives: [String: CollectiveStats]

    public init(device: Int, ncclMicroseconds: Double, computeMicroseconds: Double, overlapMicroseconds: Double,
                overlapPercent: Double, exposedCommMicroseconds: Double, collectives: [String: CollectiveStats]) {
        self.device = device; self.ncclMicroseconds = ncclMicroseconds; self.computeMicroseconds = computeMicroseconds
        self.overlapMicroseconds = overlapMicroseconds; self.overlapPercent = overlapPercent
        self.exposedCommMicroseconds = exposedCommMicroseconds; self.collectives = collectives
    }
}

/// Kernel count and summed kernel time (not a union) of one collective.
public struct CollectiveStats: Sendable, Codable, Equatable {
    public var count: Int
    public var microseconds: Double
    public init(count: Int, microseconds: Double) { self.count = count; self.microseconds = microseconds }
}
