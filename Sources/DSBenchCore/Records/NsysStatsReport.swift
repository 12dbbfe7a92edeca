/// What `nsys stats --format csv` printed: one table per report (`cuda_gpu_kern_sum`, …), and, when
/// the `cuda_gpu_trace` report is among them, each device's NCCL and compute time and their
/// overlap, computed as for a PyTorch trace.
public struct NsysStatsReport: Sendable, Codable, Equatable {
    public var tables: [NsysStatsTable]
    /// From `cuda_gpu_trace`: kernel intervals per device, the same arithmetic as `TorchTraceReport`.
    public var timeline: [TorchTraceDevice]
    /// Kernel rows of `cuda_gpu_trace` read (all devices).
    public var traceKernels: Int
    public var diagnostics: [Diagnostic]

    public init(tables: [NsysStatsTable] = [], timeline: [TorchTraceDevice] = [], traceKernels: Int = 0,
                diagnostics: [Diagnostic] = []) {
        self.tables = tables; self.timeline = timeline; self.traceKernels = traceKernels; self.diagnostics = diagnostics
    }

    public func table(_ report: String) -> NsysStatsTable? { tables.first { $0.report == report } }
}

/// One report's rows. Times are in ns whatever `--timeunit` printed.
public struct NsysStatsTable: Sendable, Codable, Equatable {
    /// The report's name (`cuda_gpu_kern_sum`), from the banner or recognised from the columns.
    public var report: String
    /// The banner's title (`CUDA GPU Kernel Summary`), when there was one.
    public var title: String?
    public var columns: [String]
    public var rows: [NsysStatsRow]

    public init(report: String, title: String? = nil, columns: [String], rows: [NsysStatsRow] = []) {
        self.report = report; self.title = title; self.columns = columns; self.rows = rows
    }
}

public struct NsysStatsRow: Sendable, Codable, Equatable {
    /// `Name`, `Operation` or `Range`: what the row is about.
    public var name: String
    /// A kernel's function name without return type, scope, template and parameters (as `NcuKernel.shortName`).
    public var shortName: String
    /// The NCCL collective when `name` is an NCCL kernel.
    public var collective: String?
    public var timePercent: Double?
    public var totalNanoseconds: Double?
    /// `Instances`, `Count` or `Num Calls`.
    public var instances: Int?
    public var averageNanoseconds: Double?
    public var medianNanoseconds: Double?
    public var minimumNanoseconds: Double?
    public var maximumNanoseconds: Double?
    public var stdDevNanoseconds: Double?
    /// Other cells by column name (`Style`: `PushPop` of nvtx_sum, sizes of cuda_gpu_mem_size_sum).
    public var other: [String: String]

    public init(name: String, shortName: String? = nil, collective: String? = nil, timePercent: Double? = nil, totalNanoseconds: Double? = nil,
                instances: Int? = nil, averageNanoseconds: Double? = nil, medianNanoseconds: Double? = nil,
                minimumNanoseconds: Double? = nil, maximumNanoseconds: Double? = nil, stdDevNanoseconds: Double? = nil,
                other: [String: String] = [:]) {
        self.name = name; self.shortName = shortName ?? name; self.collective = collective; self.timePercent = timePercent
        self.totalNanoseconds = totalNanoseconds; self.instances = instances
        self.averageNanoseconds = averageNanoseconds; self.medianNanoseconds = medianNanoseconds
        self.minimumNanoseconds = minimumNanoseconds; self.maximumNanoseconds = maximumNanoseconds
        self.stdDevNanoseconds = stdDevNanoseconds; self.other = other
    }
}
