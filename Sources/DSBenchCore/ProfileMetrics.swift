/// The metrics-table rows of a profiler capture: what baselines, the fleet check, trends and the
/// verdict see of an Nsight Compute or Nsight Systems step. Pure: a report in, rows out.
///
/// Per kernel (label `kernel`: its short name, launches of one name pooled) for the `topKernels`
/// kernels with the most total time: mean duration, share of the profiled kernel time, launches,
/// speed-of-light percentages (SM, memory, DRAM) and the global load/store efficiencies that
/// nvprof called `gld_efficiency`/`gst_efficiency`, in the names ncu gives them.
public enum ProfileMetrics {
    /// Kernels with metric rows, by total time: a PyTorch step launches hundreds of distinct kernels,
    /// and the tail of short ones would be series nobody reads (their time is in the shares).
    public static let topKernels = 20

    /// Rows that describe the profiled window rather than judge it: shares and counts change with
    /// what was profiled, and a speed-of-light percentage falls when a kernel gets faster by moving less data.
    public static let descriptiveNames: Set<String> = [
        "ncu.kernel_time_share_pct", "ncu.kernel_launches", "ncu.kernel_time_us", "ncu.nccl_time_share_pct",
        "ncu.sm_throughput_pct", "ncu.memory_throughput_pct", "ncu.dram_throughput_pct",
        "nsys.kernel_total_us", "nsys.kernel_time_share_pct", "nsys.kernel_instances", "nsys.nccl_kernel_share_pct",
        "nsys.nccl_us", "nsys.compute_us", "nsys.overlap_us", "nsys.collective_count", "nsys.collective_us",
    ]

    /// Per-kernel metric names and where ncu prints them: the details page's label, then the raw name.
    public static let ncuKernelMetrics: [(name: String, sources: [String], unit: String, direction: MetricDirection)] = [
        ("ncu.sm_throughput_pct", ["Compute (SM) Throughput", "sm__throughput.avg.pct_of_peak_sustained_elapsed"], "%", .higher),
        ("ncu.memory_throughput_pct", ["Memory Throughput", "gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed"], "%", .higher),
        ("ncu.dram_throughput_pct", ["DRAM Throughput", "gpu__dram_throughput.avg.pct_of_peak_sustained_elapsed",
                                     "dram__throughput.avg.pct_of_peak_sustained_elapsed"], "%", .higher),
        ("ncu.gld_efficiency_pct", ["smsp__sass_average_data_bytes_per_sector_mem_global_op_ld.pct"], "%", .higher),
        ("ncu.gst_efficiency_pct", ["smsp__sass_average_data_bytes_per_sector_mem_global_op_st.pct"], "%", .higher),
    ]

    /// Duration's label on the details page and its raw name.
    public static let ncuDurationSources = ["Duration", "gpu__time_duration.sum"]

    /// One kernel name's launches pooled: the mean of each metric weighted by launches.
    public struct KernelTotals: Sendable, Equatable {
        public var kernel: String
        public var collective: String?
        public var launches: Int
        public var totalMicroseconds: Double
        public var meanMicroseconds: Double { launches > 0 ? totalMicroseconds / Double(launches) : 0 }
        /// By metric name of `ncuKernelMetrics`: the launch-weighted mean.
        public var means: [String: Double]
    }

    /// Kernels by total time, longest first (ties by name); kernels without a duration have 0.
    public static func ncuKernels(_ report: NcuReport) -> [KernelTotals] {
        var order: [String] = []
        var sums: [String: (collective: String?, launches: Int, us: Double, metric: [String: (sum: Double, weight: Int)])] = [:]
        for kernel in report.kernels {
            let weight = max(1, kernel.invocations)
            if sums[kernel.shortName] == nil { order.append(kernel.shortName); sums[kernel.shortName] = (kernel.collective, 0, 0, [:]) }
            var entry = sums[kernel.shortName]!
            entry.launches += weight
            if let duration = value(kernel, ncuDurationSources).flatMap({ ProfilerUnits.microseconds($0.value, $0.unit) }) {
                entry.us += duration * Double(weight)
            }
            for spec in ncuKernelMetrics {
                guard let found = value(kernel, spec.sources) else { continue }
                let previous = entry.metric[spec.name] ?? (0, 0)
                entry.metric[spec.name] = (previous.sum + found.value * Double(weight), previous.weight + weight)
            }
            sums[kernel.shortName] = entry
        }
        return order.map { name in
            let entry = sums[name]!
            return KernelTotals(kernel: name, collective: entry.collective, launches: entry.launches,
                                totalMicroseconds: entry.us,
                                means: entry.metric.mapValues { $0.sum / Double(max(1, $0.weight)) })
        }.sorted { ($0.totalMicroseconds, $1.kernel) > ($1.totalMicroseconds, $0.kernel) }
    }

    private static func value(_ kernel: NcuKernel, _ names: [String]) -> (value: Double, unit: String)? {
        for name in names {
            if let metric = kernel.metric(name), let value = metric.value { return (value, metric.unit) }
        }
        return nil
    }

    public static func ncu(_ report: NcuReport) -> [MetricValue] {
        let kernels = ncuKernels(report)
        let total = kernels.reduce(0) { $0 + $1.totalMicroseconds }
        guard !kernels.isEmpty else { return [] }
        var rows: [MetricValue] = []
        for kernel in kernels.prefix(topKernels) {
            let labels = ["kernel": kernel.kernel]
            if kernel.totalMicroseconds > 0 {
                rows.append(MetricValue(name: "ncu.kernel_duration_us", value: kernel.meanMicroseconds, unit: "us",
                                        direction: .lower, labels: labels))
                rows.append(MetricValue(name: "ncu.kernel_time_share_pct", value: kernel.totalMicroseconds / total * 100,
                                        unit: "%", direction: .higher, labels: labels))
            }
            rows.append(MetricValue(name: "ncu.kernel_launches", value: Double(kernel.launches), unit: "",
                                    direction: .lower, labels: labels))
            for spec in ncuKernelMetrics {
                guard let mean = kernel.means[spec.name] else { continue }
                rows.append(MetricValue(name: spec.name, value: mean, unit: spec.unit, direction: spec.direction, labels: labels))
            }
        }
        if total > 0 {
            let nccl = kernels.filter { $0.collective != nil }.reduce(0) { $0 + $1.totalMicroseconds }
            rows.append(MetricValue(name: "ncu.kernel_time_us", value: total, unit: "us", direction: .lower))
            rows.append(MetricValue(name: "ncu.nccl_time_share_pct", value: nccl / total * 100, unit: "%", direction: .lower))
        }
        return rows
    }

    public static func nsys(_ report: NsysStatsReport) -> [MetricValue] {
        var rows: [MetricValue] = []
        if let kernels = report.table("cuda_gpu_kern_sum") {
            let pooled = pool(kernels.rows)
            let total = pooled.reduce(0) { $0 + $1.totalNs }
            for kernel in pooled.prefix(topKernels) {
                let labels = ["kernel": kernel.name]
                rows.append(MetricValue(name: "nsys.kernel_avg_us", value: kernel.totalNs / Double(max(1, kernel.instances)) / 1000,
                                        unit: "us", direction: .lower, labels: labels))
                rows.append(MetricValue(name: "nsys.kernel_total_us", value: kernel.totalNs / 1000, unit: "us",
                                        direction: .lower, labels: labels))
                rows.append(MetricValue(name: "nsys.kernel_instances", value: Double(kernel.instances), unit: "",
                                        direction: .lower, labels: labels))
                if total > 0 {
                    rows.append(MetricValue(name: "nsys.kernel_time_share_pct", value: kernel.totalNs / total * 100,
                                            unit: "%", direction: .higher, labels: labels))
                }
            }
            if total > 0 {
                let nccl = pooled.filter(\.isNccl).reduce(0) { $0 + $1.totalNs }
                rows.append(MetricValue(name: "nsys.nccl_kernel_share_pct", value: nccl / total * 100, unit: "%", direction: .lower))
            }
        }
        rows += averages(report, "cuda_gpu_mem_time_sum", metric: "nsys.memop_avg_us", label: "operation")
        rows += averages(report, "nvtx_sum", metric: "nsys.nvtx_avg_us", label: "range")
        rows += TorchTraceReport(devices: report.timeline).metricValues.map { row in
            var renamed = row
            renamed.name = "nsys." + row.name.dropFirst("trace.".count)
            return renamed
        }
        return rows
    }

    /// Rows of one kernel name pooled (the summary lists each template instance apart), by total time.
    struct PooledKernel { var name: String; var isNccl: Bool; var totalNs: Double; var instances: Int }

    static func pool(_ rows: [NsysStatsRow]) -> [PooledKernel] {
        var order: [String] = []
        var pooled: [String: PooledKernel] = [:]
        for row in rows {
            guard let total = row.totalNanoseconds else { continue }
            if pooled[row.shortName] == nil {
                order.append(row.shortName)
                pooled[row.shortName] = PooledKernel(name: row.shortName, isNccl: row.collective != nil, totalNs: 0, instances: 0)
            }
            pooled[row.shortName]!.totalNs += total
            pooled[row.shortName]!.instances += row.instances ?? 1
        }
        return order.compactMap { pooled[$0] }.sorted { ($0.totalNs, $1.name) > ($1.totalNs, $0.name) }
    }

    /// The average time of each row of `report` (the first `topKernels` by total time), labelled by its name.
    private static func averages(_ stats: NsysStatsReport, _ report: String, metric: String, label: String) -> [MetricValue] {
        guard let table = stats.table(report) else { return [] }
        return table.rows.filter { $0.averageNanoseconds != nil }
            .sorted { ($0.totalNanoseconds ?? 0) > ($1.totalNanoseconds ?? 0) }
            .prefix(topKernels)
            .map { MetricValue(name: metric, value: $0.averageNanoseconds! / 1000, unit: "us", direction: .lower, labels: [label: $0.name]) }
    }
}

/// Nsight units to a common base: times to µs (ns, nsecond, us, usecond, ms, msecond, s, second),
/// bytes (byte, Kbyte, Mbyte, Gbyte, Tbyte: ncu's are decimal), frequencies to Hz (hz, Khz, Mhz, Ghz),
/// and a rate (`Gbyte/second`, `cycle/nsecond`) as the ratio of its two parts.
public enum ProfilerUnits {
    public static func microseconds(_ value: Double, _ unit: String) -> Double? {
        timeSeconds(unit).map { value * $0 * 1e6 }
    }

    /// The value in the base unit of its kind (µs, byte, hz, cycle, %, count), and that unit's name.
    public static func base(_ value: Double, _ unit: String) -> (value: Double, unit: String)? {
        if let seconds = timeSeconds(unit) { return (value * seconds * 1e6, "us") }
        if let bytes = scaled(unit, "byte") { return (value * bytes, "byte") }
        if let hertz = scaled(unit.lowercased(), "hz") { return (value * hertz, "hz") }
        if let slash = unit.firstIndex(of: "/") {
            let top = String(unit[..<slash]), bottom = String(unit[unit.index(after: slash)...])
            guard let per = timeSeconds(bottom) else { return nil }
            let numerator = base(1, top) ?? (1, top)
            return (value * numerator.value / per, numerator.unit + "/second")
        }
        switch unit {
        case "%", "cycle", "cycles", "", "inst", "warp", "thread", "block", "register/thread", "sector", "request": return (value, unit)
        default: return nil
        }
    }

    static func timeSeconds(_ unit: String) -> Double? {
        switch unit {
        case "ns", "nsecond", "nsec": return 1e-9
        case "us", "usecond", "usec", "µs": return 1e-6
        case "ms", "msecond", "msec": return 1e-3
        case "s", "second", "sec": return 1
        default: return nil
        }
    }

    /// `Kbyte` with base `byte` → 1000; the prefixes k, M, G, T (either case for k).
    static func scaled(_ unit: String, _ base: String) -> Double? {
        guard unit.hasSuffix(base) else { return nil }
        switch unit.dropLast(base.count) {
        case "": return 1
        case "K", "k": return 1e3
        case "M", "m": return 1e6
        case "G", "g": return 1e9
        case "T", "t": return 1e12
        default: return nil
        }
    }
}
