/// What an Nsight Compute CSV says: one record per profiled kernel launch (or, for
/// `--print-summary per-kernel`, per kernel and launch shape) with its metrics as printed.
public struct NcuReport: Sendable, Codable, Equatable {
    public enum Layout: String, Sendable, Codable {
        /// `--csv` (the details page): one row per kernel × metric, rule rows between them.
        case details
        /// `--csv --page raw`: one row per kernel, one column per metric, a row of units under the header.
        case raw
        /// `--csv --print-summary per-kernel`: one row per kernel × metric with minimum, maximum, average.
        case summary
    }

    public var layout: Layout?
    public var kernels: [NcuKernel]
    public var diagnostics: [Diagnostic]

    public init(layout: Layout? = nil, kernels: [NcuKernel] = [], diagnostics: [Diagnostic] = []) {
        self.layout = layout; self.kernels = kernels; self.diagnostics = diagnostics
    }
}

public struct NcuKernel: Sendable, Codable, Equatable {
    /// ncu's `ID` column: the launch's index among the profiled launches (nil in a summary).
    public var launchID: Int?
    /// The name as ncu printed it (demangled by default, mangled with `--print-kernel-base mangled`).
    public var name: String
    /// The function's own name: no return type, namespace, template or parameter list.
    public var shortName: String
    /// The NCCL collective when the kernel is an NCCL kernel (`AllReduce`, `SendRecv`, …).
    public var collective: String?
    public var processID: Int?
    public var processName: String?
    public var host: String?
    public var context: Int?
    public var stream: Int?
    public var device: Int?
    /// Compute capability, `9.0`.
    public var computeCapability: String?
    /// `(x, y, z)`; empty when the column is missing or unreadable.
    public var grid: [Int]
    public var block: [Int]
    /// Launches a summary row stands for (1 for a single launch).
    public var invocations: Int
    public var metrics: [NcuMetric]
    public var rules: [NcuRule]

    public init(launchID: Int?, name: String, shortName: String, collective: String? = nil,
                processID: Int? = nil, processName: String? = nil, host: String? = nil,
                context: Int? = nil, stream: Int? = nil, device: Int? = nil, computeCapability: String? = nil,
                grid: [Int] = [], block: [Int] = [], invocations: Int = 1,
                metrics: [NcuMetric] = [], rules: [NcuRule] = []) {
        self.launchID = launchID; self.name = name; self.shortName = shortName; self.collective = collective
        self.processID = processID; self.processName = processName; self.host = host
        self.context = context; self.stream = stream; self.device = device
        self.computeCapability = computeCapability; self.grid = grid; self.block = block
        self.invocations = invocations; self.metrics = metrics; self.rules = rules
    }

    /// The first metric of that name (the section's label, `Duration`, or the raw name, `gpu__time_duration.sum`).
    public func metric(_ name: String) -> NcuMetric? {
        metrics.first { $0.name == name }
    }
}

public struct NcuMetric: Sendable, Codable, Equatable {
    /// The section it was printed in (`GPU Speed Of Light Throughput`); nil on the raw page.
    public var section: String?
    public var name: String
    /// As printed: `ns`, `usecond`, `%`, `Kbyte`, `hz`, `cycle`, `` (a count).
    public var unit: String
    /// The number, thousands separators removed; nil when the value is not a number (`text` holds it).
    public var value: Double?
    /// A summary's minimum and maximum (its `value` is the average).
    public var minimum: Double?
    public var maximum: Double?
    /// The printed value when it is not a number (`Ampere`, `n/a`).
    public var text: String?

    public init(section: String? = nil, name: String, unit: String, value: Double?,
                minimum: Double? = nil, maximum: Double? = nil, text: String? = nil) {
        self.section = section; self.name = name; self.unit = unit; self.value = value
        self.minimum = minimum; self.maximum = maximum; self.text = text
    }
}

/// A rule row of the details page: ncu's advice (`SOLBottleneck`, `INF`, its text, the estimated speedup).
public struct NcuRule: Sendable, Codable, Equatable {
    public var section: String
    public var name: String
    /// `INF`, `OPT`, `WRN`, `ERR`.
    public var type: String
    public var description: String
    public var speedupType: String?
    public var estimatedSpeedup: Double?

    public init(section: String, name: String, type: String, description: String,
                speedupType: String? = nil, estimatedSpeedup: Double? = nil) {
        self.section = section; self.name = name; self.type = type; self.description = description
        self.speedupType = speedupType; self.estimatedSpeedup = estimatedSpeedup
    }
}
