/// What a suite may change about the health rules (`health:` block): thresholds by name and
/// expected bus bandwidth figures. Everything left out keeps the defaults of `HealthThreshold`.
public struct HealthSettings: Sendable, Codable, Equatable {
    /// Threshold overrides by key (`busbw.fraction: 0.85`); keys are those of `HealthThreshold.all`.
    public var thresholds: [String: Double]
    /// The suite's figures (`health.expected_busbw`), tried before the catalogue.
    public var expectedBusbw: [ExpectedBusbw]
    /// The expected-performance catalogue these settings judge against: the shipped one
    /// (`Catalog/expected-busbw.json`) unless a test or a caller gives another.
    public var catalogue: [ExpectedBusbw]
    /// The micro-benchmark figures these settings judge against (`expected_metrics` of the same
    /// catalogue) unless a test or a caller gives others.
    public var metricCatalogue: [ExpectedMetric]
    /// Steps whose GPUs must be busy (the low-utilisation rule looks at these); nil means every
    /// `command` step that ran a program.
    public var busySteps: [String]?
    /// Rule ids switched off for this suite.
    public var disabledRules: [String]

    public init(thresholds: [String: Double] = [:], expectedBusbw: [ExpectedBusbw] = [],
                catalogue: [ExpectedBusbw] = ExpectedBusbw.catalogue,
                metricCatalogue: [ExpectedMetric] = ExpectedMetric.catalogue,
                busySteps: [String]? = nil, disabledRules: [String] = []) {
        self.thresholds = thresholds; self.expectedBusbw = expectedBusbw; self.catalogue = catalogue
        self.metricCatalogue = metricCatalogue
        self.busySteps = busySteps; self.disabledRules = disabledRules
    }

    /// The value in force: the override, else the default.
    public func value(_ threshold: HealthThreshold) -> Double {
        thresholds[threshold.key] ?? threshold.defaultValue
    }

    /// The figures in force, in the order a lookup tries them: the suite's, then the catalogue's
    /// entries that no suite entry replaces (same hardware: `ExpectedBusbw.sameHardware`).
    public var expectedBusbwInForce: [ExpectedBusbw] {
        expectedBusbw + catalogue.filter { entry in !expectedBusbw.contains { $0.sameHardware(as: entry) } }
    }

    /// Catalogue entries that a suite entry for the same hardware replaces.
    public var overriddenCatalogueEntries: [ExpectedBusbw] {
        catalogue.filter { entry in expectedBusbw.contains { $0.sameHardware(as: entry) } }
    }
}

/// Expected bus bandwidth of a collective on one class of hardware.
public struct ExpectedBusbw: Sendable, Codable, Equatable {
    /// GPU model as nvidia-smi / nccl-tests name it (`NVIDIA H200`), compared case-insensitively.
    public var gpuModel: String
    /// GPUs in the communicator (ranks).
    public var gpuCount: Int
    /// Link between the GPUs from `nvidia-smi topo -m` (`NV18`), or `*` for any.
    public var interconnect: String
    public var collective: String
    /// Whether the figure was measured with NVLink SHARP; nil for either.
    public var nvls: Bool?
    /// GB/s at bandwidth-bound sizes.
    public var busbw: Double
    /// Where the figure comes from (for the catalogue: `measured: DATE, machine; command; reading`
    /// or `vendor: document`).
    public var source: String

    public init(gpuModel: String, gpuCount: Int, interconnect: String, collective: String = "all_reduce",
                nvls: Bool? = false, busbw: Double, source: String) {
        self.gpuModel = gpuModel; self.gpuCount = gpuCount; self.interconnect = interconnect
        self.collective = collective; self.nvls = nvls; self.busbw = busbw; self.source = source
    }

    /// The shipped catalogue's valid entries (`ExpectedBusbwCatalogue.shipped`).
    public static var catalogue: [ExpectedBusbw] { ExpectedBusbwCatalogue.shipped.entries }

    /// Both describe the same hardware class and collective: GPU model (case-insensitively), count,
    /// interconnect, collective and NVLS agree; the figure and the source may differ.
    public func sameHardware(as other: ExpectedBusbw) -> Bool {
        gpuModel.lowercased() == other.gpuModel.lowercased() && gpuCount == other.gpuCount
            && interconnect == other.interconnect && collective == other.collective && nvls == other.nvls
    }
}

/// A named, overridable threshold of a health rule.
public struct HealthThreshold: Sendable, Equatable, Hashable {
    public var key: String
    public var defaultValue: Double
    public var unit: String
    public var meaning: String

    public init(_ key: String, _ defaultValue: Double, _ unit: String, _ meaning: String) {
        self.key = key; self.defaultValue = defaultValue; self.unit = unit; self.meaning = meaning
    }

    public static let busbwFraction = HealthThreshold(
        "busbw.fraction", 0.8, "ratio", "busbw below this fraction of the expected figure is a finding")
    public static let busbwMinBytes = HealthThreshold(
        "busbw.min_bytes", 268_435_456, "B", "sizes from this one up count as bandwidth-bound")
    public static let utilSMPercent = HealthThreshold(
        "util.sm_percent", 30, "%", "median SM utilisation below this on a GPU that should be busy")
    public static let utilMinSamples = HealthThreshold(
        "util.min_samples", 5, "samples", "a GPU needs this many samples in the step to be judged (sustained)")
    public static let memoryPercent = HealthThreshold(
        "memory.percent", 90, "%", "framebuffer use above this share of the GPU's memory")
    public static let gpuTemperature = HealthThreshold(
        "temperature.gpu_c", 85, "°C", "GPU temperature above this")
    public static let memoryTemperature = HealthThreshold(
        "temperature.memory_c", 95, "°C", "memory (HBM) temperature above this")
    public static let powerViolationPercent = HealthThreshold(
        "violation.power_percent", 0, "%", "power-capping time (dmon pviol) above this")
    public static let clocksFraction = HealthThreshold(
        "clocks.fraction", 0.9, "ratio", "SM clock under load below this fraction of clocks.max.sm")
    public static let loadSMPercent = HealthThreshold(
        "load.sm_percent", 50, "%", "a sample (or inventory row) counts as under load from this SM utilisation")
    public static let channelsFraction = HealthThreshold(
        "channels.fraction", 1.0, "ratio", "coll channels below this fraction of the baseline's")

    public static let overlapPercent = HealthThreshold(
        "workload.overlap_percent", 60, "%",
        "share of a GPU's NCCL kernel time hidden behind compute in a workload's profiler trace, below which it is advice")

    public static let metricExpectedFraction = HealthThreshold(
        "metric.expected_fraction", 0.8, "ratio",
        "a micro-benchmark metric (GEMM TFLOP/s, memory GB/s) below this fraction of the catalogue's figure for the GPU model")

    public static let all: [HealthThreshold] = [
        busbwFraction, busbwMinBytes, metricExpectedFraction, utilSMPercent, utilMinSamples, memoryPercent, gpuTemperature,
        memoryTemperature, powerViolationPercent, clocksFraction, loadSMPercent, channelsFraction, overlapPercent,
    ] + pcieBandwidthThresholds

    public static func named(_ key: String) -> HealthThreshold? { all.first { $0.key == key } }
}

extension HealthThreshold {
    /// The field guides' "PCIe throughput < 80 % of bandwidth": 55.4 of 63 GB/s (88 %) measured on
    /// a healthy gen5 x16 H200, a link trained at x8 carries about half.
    public static let pcieBandwidthFraction = HealthThreshold(
        "pcie.bandwidth_fraction", 0.8, "ratio",
        "measured host↔device bandwidth below this fraction of the link's capacity (gen max × width max)")
    public static let pcieSiblingFraction = HealthThreshold(
        "pcie.sibling_fraction", 0.8, "ratio",
        "a GPU's measured host↔device bandwidth below this fraction of the median of the other GPUs of its node")

    static let pcieBandwidthThresholds = [pcieBandwidthFraction, pcieSiblingFraction]
}
