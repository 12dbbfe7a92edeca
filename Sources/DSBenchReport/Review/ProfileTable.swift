import DSBenchCore
import DSBenchStore
import DSBenchVerdict

/// A profiled step's kernels as one table (show and the report): per kernel its launches, mean
/// time, share of the profiled kernel time and speed-of-light percentages, longest share first;
/// then the step-level figures (total kernel time, NCCL share, overlap). Built once from the
/// step's `ncu.*` / `nsys.*` metric rows and the run's verdict; the renderers only format it.
/// Each kernel's mean time is a series the verdict compared with the baseline (`regression.metric`):
/// its change and outcome are taken from that check, never recomputed.
public struct ProfileTable: Sendable, Equatable {
    public struct Kernel: Sendable, Equatable {
        public var name: String
        public var launches: Double?
        public var meanMicroseconds: Double?
        public var sharePercent: Double?
        public var smPercent: Double?
        public var memoryPercent: Double?
        public var dramPercent: Double?
        /// The mean time's change against the baseline (+0.2 = 20 % slower), from the verdict's check.
        public var baselineChange: Double?
        public var regressed = false
    }

    public var step: String
    public var node: String?
    /// `ncu` or `nsys`.
    public var tool: String
    public var kernels: [Kernel]
    public struct Total: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var unit: String
    }

    /// Step-level rows (`kernel time`, `NCCL share` …) with their value and unit, in a fixed order.
    public var totals: [Total]

    /// Whether a metric row belongs in this table rather than the workload-metrics list.
    public static func isProfileMetric(_ name: String) -> Bool { name.hasPrefix("ncu.") || name.hasPrefix("nsys.") }

    static let totalRows: [(name: String, label: String)] = [
        ("ncu.kernel_time_us", "profiled kernel time"), ("ncu.nccl_time_share_pct", "NCCL kernels' share"),
        ("nsys.nccl_kernel_share_pct", "NCCL kernels' share"), ("nsys.overlap_pct", "NCCL time overlapped by compute"),
        ("nsys.exposed_comm_us", "exposed communication"), ("nsys.nccl_us", "NCCL kernel time"),
        ("nsys.compute_us", "compute kernel time"),
    ]

    /// nil when the step has no profiler rows. `stepName` and `checks` (the run's verdict) give
    /// each kernel its comparison with the baseline.
    public static func build(step: String, stepName: String? = nil, metrics: [StoredMetric],
                             checks: [VerdictCheck] = []) -> ProfileTable? {
        let rows = metrics.filter { isProfileMetric($0.metric.name) && $0.metric.labels["stat"] == nil }
        guard let first = rows.first else { return nil }
        let tool = first.metric.name.hasPrefix("ncu.") ? "ncu" : "nsys"
        var order: [String] = []
        var kernels: [String: Kernel] = [:]
        for stored in rows {
            guard let name = stored.metric.labels["kernel"] else { continue }
            if kernels[name] == nil { order.append(name); kernels[name] = Kernel(name: name) }
            let value = stored.metric.value
            switch stored.metric.name {
            case "ncu.kernel_launches", "nsys.kernel_instances": kernels[name]?.launches = value
            case "ncu.kernel_duration_us", "nsys.kernel_avg_us": kernels[name]?.meanMicroseconds = value
            case "ncu.kernel_time_share_pct", "nsys.kernel_time_share_pct": kernels[name]?.sharePercent = value
            case "ncu.sm_throughput_pct": kernels[name]?.smPercent = value
            case "ncu.memory_throughput_pct": kernels[name]?.memoryPercent = value
            case "ncu.dram_throughput_pct": kernels[name]?.dramPercent = value
            default: break
            }
        }
        let durationName = tool == "ncu" ? "ncu.kernel_duration_us" : "nsys.kernel_avg_us"
        for check in checks where check.rule == "regression.metric" && check.step == stepName && check.node == first.node {
            for name in order where check.subject.contains("\(durationName){kernel=\(name)}") {
                guard let observed = check.observed, let expected = check.expected, expected != 0 else { continue }
                kernels[name]?.baselineChange = observed / expected - 1
                kernels[name]?.regressed = check.outcome == .fail
            }
        }
        let sorted = order.compactMap { kernels[$0] }.enumerated()
            .sorted { ($0.element.sharePercent ?? -1, -$0.offset) > ($1.element.sharePercent ?? -1, -$1.offset) }
            .map(\.element)
        let totals = totalRows.compactMap { spec -> Total? in
            rows.first { $0.metric.name == spec.name && $0.metric.labels["kernel"] == nil }
                .map { Total(label: spec.label, value: $0.metric.value, unit: $0.metric.unit) }
        }
        return ProfileTable(step: step, node: first.node, tool: tool, kernels: sorted, totals: totals)
    }
}
