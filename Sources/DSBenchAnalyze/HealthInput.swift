import Foundation
import DSBenchCore

/// Everything the health rules look at, for one run. Built from the store by
/// `HealthInputLoader`, or directly from parsed captures in tests; the rules are pure functions of it.
public struct HealthInput: Sendable {
    public var gpus: [HealthGPU]
    /// Node facts: `driver_version`, `cuda_version`, `nccl_version`, …
    public var facts: [HealthFact]
    /// `nvidia-smi topo -m` per node.
    public var topologies: [String: TopologyMatrix]
    public var ncclSteps: [HealthNcclStep]
    public var dmonSteps: [HealthDmonStep]
    public var settings: HealthSettings
    /// Coll channels the same step used in the baseline run, by step name.
    public var baselineChannels: [String: Int]
    /// Per GPU of each workload profiler trace: communication and how much of it compute hides.
    public var traces: [HealthTraceDevice]
    /// What differs between consecutive inventories of a node (`InventoryHistory`).
    public var inventoryChanges: [InventoryChange] = []
    /// Per-GPU health readings of every health capture, in capture order.
    public var gpuStates: [HealthGPUState] = []
    /// Xid / SXid lines of every kernel-log capture.
    public var kernelEvents: [HealthKernelEvent] = []
    /// Measured host↔device copies per GPU (nvbandwidth), for the PCIe bandwidth rules.
    public var hostCopies: [HealthHostCopy] = []
    /// Measured GPU-to-GPU copies per node (nvbandwidth device↔device), read as GPU pair matrices.
    public var peerCopies: [HealthPeerCopy] = []
    /// Workload metrics that the catalogue's `expected_metrics` has figures for.
    public var metrics: [HealthMetric] = []

    public init(gpus: [HealthGPU] = [], facts: [HealthFact] = [], topologies: [String: TopologyMatrix] = [:],
                ncclSteps: [HealthNcclStep] = [], dmonSteps: [HealthDmonStep] = [],
                settings: HealthSettings = HealthSettings(), baselineChannels: [String: Int] = [:],
                traces: [HealthTraceDevice] = []) {
        self.gpus = gpus; self.facts = facts; self.topologies = topologies; self.ncclSteps = ncclSteps
        self.dmonSteps = dmonSteps; self.settings = settings; self.baselineChannels = baselineChannels
        self.traces = traces
    }

    /// Expected figures in force: the suite's first, then the catalogue's.
    public var expectedBusbw: [ExpectedBusbw] { settings.expectedBusbwInForce }

    public func threshold(_ threshold: HealthThreshold) -> Double { settings.value(threshold) }

    public func gpu(node: String, index: Int) -> HealthGPU? {
        gpus.last { $0.node == node && $0.index == index }
    }

    /// Why some step's stored rows could not be read to their end while the rules walked them
    /// (`NcclRowSequence`); what the rules found then must not be stored.
    public var rowReadFailure: String? {
        ncclSteps.lazy.compactMap { step in step.rows.failure.map { "reading the rows of \(step.key): \($0)" } }.first
    }

    /// The most common GPU model in the node's inventory; nil without one.
    public func commonGPUModel(node: String) -> String? {
        Descriptive.mostCommon(gpus.filter { $0.node == node }.compactMap(\.name))
    }
}

/// One GPU of the run's inventory (`--query-gpu`).
public struct HealthGPU: Sendable, Equatable {
    public var node: String
    public var index: Int
    public var name: String?
    public var pciBusID: String?
    public var driverVersion: String?
    public var vbiosVersion: String?
    public var computeCap: String?
    public var memoryTotalMiB: Double?
    public var pcieGenCurrent: Int?
    public var pcieGenMax: Int?
    public var pcieWidthCurrent: Int?
    public var pcieWidthMax: Int?
    public var clocksMaxSMMHz: Double?
    /// `utilization.gpu` when the inventory queried it: tells a loaded link from an idle one.
    public var utilizationPercent: Double?
    /// The inventory step that listed it (its key), so a finding about the GPU names where it was seen.
    public var stepKey: String?

    public init(node: String, index: Int, name: String? = nil, pciBusID: String? = nil, driverVersion: String? = nil,
                vbiosVersion: String? = nil, computeCap: String? = nil, memoryTotalMiB: Double? = nil,
                pcieGenCurrent: Int? = nil, pcieGenMax: Int? = nil, pcieWidthCurrent: Int? = nil,
                pcieWidthMax: Int? = nil, clocksMaxSMMHz: Double? = nil, utilizationPercent: Double? = nil,
                stepKey: String? = nil) {
        self.stepKey = stepKey
        self.node = node; self.index = index; self.name = name; self.pciBusID = pciBusID
        self.driverVersion = driverVersion; self.vbiosVersion = vbiosVersion; self.computeCap = computeCap
        self.memoryTotalMiB = memoryTotalMiB; self.pcieGenCurrent = pcieGenCurrent; self.pcieGenMax = pcieGenMax
        self.pcieWidthCurrent = pcieWidthCurrent; self.pcieWidthMax = pcieWidthMax
        self.clocksMaxSMMHz = clocksMaxSMMHz; self.utilizationPercent = utilizationPercent
    }

    /// The GPUs of a `--query-gpu` table as parsed (units stripped, `[N/A]` absent).
    public static func from(_ table: GPUQueryTable, node: String) -> [HealthGPU] {
        table.records.enumerated().map { position, record in
            let fields = QueryFieldLookup(record)
            return HealthGPU(
                node: node, index: fields.integer("index") ?? position, name: fields.text("name"),
                pciBusID: fields.text("pci.bus_id"), driverVersion: fields.text("driver_version"),
                vbiosVersion: fields.text("vbios_version"), computeCap: fields.text("compute_cap"),
                memoryTotalMiB: fields.number("memory.total"),
                pcieGenCurrent: fields.integer("pcie.link.gen.current", "pcie.link.gen.gpucurrent"),
                pcieGenMax: fields.integer("pcie.link.gen.max", "pcie.link.gen.gpumax"),
                pcieWidthCurrent: fields.integer("pcie.link.width.current"),
                pcieWidthMax: fields.integer("pcie.link.width.max"),
                clocksMaxSMMHz: fields.number("clocks.max.sm", "clocks.max.sm_clock"),
                utilizationPercent: fields.number("utilization.gpu"))
        }
    }
}

public struct HealthFact: Sendable, Equatable {
    public var node: String
    public var key: String
    public var value: String

    public init(node: String, key: String, value: String) { self.node = node; self.key = key; self.value = value }
}

/// One nccl-tests step: its rows, device lines and (when NCCL_DEBUG=INFO was on) transport summary.
public struct HealthNcclStep: Sendable, Equatable {
    public var key: String
    public var name: String
    public var node: String
    public var collective: String?
    public var devices: [NcclTestsDevice]
    public var rows: NcclRowSequence
    public var outOfBounds: Int?
    public var outOfBoundsOK: Bool?
    /// nil when the output held no NCCL_DEBUG lines.
    public var transport: NcclTransportSummary?
    /// The nodes or GPUs the step measured together, for a step of a pairwise plan (`pattern:`).
    public var pairing: PairSlot? = nil

    public init(key: String, name: String, node: String, collective: String?, devices: [NcclTestsDevice] = [],
                rows: [NcclTestsRow] = [], outOfBounds: Int? = nil, outOfBoundsOK: Bool? = nil,
                transport: NcclTransportSummary? = nil) {
        self.key = key; self.name = name; self.node = node; self.collective = collective; self.devices = devices
        self.rows = NcclRowSequence(rows); self.outOfBounds = outOfBounds; self.outOfBoundsOK = outOfBoundsOK; self.transport = transport
    }

    /// A parsed nccl-tests output as one step. The transport is the summary the parse made of its
    /// NCCL_DEBUG lines (set whenever it kept any); summarising lines again is only for rows stored
    /// before migration 0110, which DSBenchAnalysisStore reads.
    public init(key: String, name: String, node: String, report: NcclTestsReport) {
        self.init(key: key, name: name, node: node, collective: report.collective, devices: report.devices,
                  rows: report.rows, outOfBounds: report.outOfBounds, outOfBoundsOK: report.outOfBoundsOK,
                  transport: report.transport)
    }

    /// Ranks in the communicator: device lines, else NCCL's own count.
    public var ranks: Int? { devices.isEmpty ? transport?.ranks : devices.count }
}

/// One GPU of a workload step's profiler trace (`TorchTraceDevice`, as the metrics table keeps it).
public struct HealthTraceDevice: Sendable, Equatable {
    public var stepKey: String
    public var node: String
    public var device: Int
    public var ncclMicroseconds: Double
    public var overlapPercent: Double
    public var exposedCommMicroseconds: Double

    public init(stepKey: String, node: String, device: Int, ncclMicroseconds: Double, overlapPercent: Double,
                exposedCommMicroseconds: Double) {
        self.stepKey = stepKey; self.node = node; self.device = device; self.ncclMicroseconds = ncclMicroseconds
        self.overlapPercent = overlapPercent; self.exposedCommMicroseconds = exposedCommMicroseconds
    }

    /// The GPUs of a parsed trace as one step's.
    public static func from(_ trace: TorchTraceReport, stepKey: String, node: String) -> [HealthTraceDevice] {
        trace.devices.map {
            HealthTraceDevice(stepKey: stepKey, node: node, device: $0.device, ncclMicroseconds: $0.ncclMicroseconds,
                              overlapPercent: $0.overlapPercent, exposedCommMicroseconds: $0.exposedCommMicroseconds)
        }
    }
}

/// The dmon samples of one step, and whether its GPUs should have been busy.
public struct HealthDmonStep: Sendable, Equatable {
    public var key: String
    public var name: String
    public var node: String
    /// The step runs a workload that should keep every sampled GPU busy.
    public var expectBusy: Bool
    /// The step's kind (`nccl`, `workload` …): a compute job may run at its power limit.
    public var kind: String
    public let samples: [HealthDmonSample]
    /// The samples of each GPU in sampling order, GPUs ascending: grouped once here because every
    /// dmon rule walks them (a 1024-GPU hour is 3.7 M samples).
    public let series: [(gpu: Int, samples: [HealthDmonSample])]

    public init(key: String, name: String, node: String, expectBusy: Bool, samples: [HealthDmonSample], kind: String = "") {
        self.key = key; self.name = name; self.node = node; self.expectBusy = expectBusy; self.samples = samples
        self.kind = kind
        var byGPU: [Int: [HealthDmonSample]] = [:]
        for sample in samples { byGPU[sample.gpu, default: []].append(sample) }
        series = byGPU.sorted { $0.key < $1.key }.map { gpu, list in
            let ordered = zip(list, list.dropFirst()).allSatisfy { $0.round <= $1.round }
            return (gpu, ordered ? list : list.sorted { $0.round < $1.round })
        }
    }

    public static func == (a: HealthDmonStep, b: HealthDmonStep) -> Bool {
        a.key == b.key && a.name == b.name && a.node == b.node && a.expectBusy == b.expectBusy && a.samples == b.samples
    }

    /// A parsed dmon capture as one step.
    public init(key: String, name: String, node: String, expectBusy: Bool, capture: DmonCapture) {
        self.init(key: key, name: name, node: node, expectBusy: expectBusy, samples: capture.samples.map { sample in
            HealthDmonSample(gpu: sample.gpu, round: sample.round, timestamp: sample.timestamp,
                             values: sample.values.compactMapValues { $0 })
        })
    }
}

public struct HealthDmonSample: Sendable, Equatable {
    public var gpu: Int
    public var round: Int
    public var timestamp: String?
    /// dmon columns by lower-cased name (`sm`, `pclk`, `fb`, …); `-` is absent.
    public let values: [String: Double]
    /// The columns the rules read, taken out of `values` once (a dictionary lookup per rule and
    /// sample was most of the time on millions of samples).
    let sm, pclk, fb, pwr, gtemp, mtemp, pviol, tviol, sbecc, dbecc, pci: Double?

    public init(gpu: Int, round: Int, timestamp: String?, values: [String: Double]) {
        self.gpu = gpu; self.round = round; self.timestamp = timestamp; self.values = values
        sm = values["sm"]; pclk = values["pclk"]; fb = values["fb"]; pwr = values["pwr"]
        gtemp = values["gtemp"]; mtemp = values["mtemp"]; pviol = values["pviol"]; tviol = values["tviol"]
        sbecc = values["sbecc"]; dbecc = values["dbecc"]; pci = values["pci"]
    }

    public static func == (a: HealthDmonSample, b: HealthDmonSample) -> Bool {
        a.gpu == b.gpu && a.round == b.round && a.timestamp == b.timestamp && a.values == b.values
    }
}

/// `--query-gpu` field lookup that accepts header names with a unit suffix (`memory.total [MiB]`)
/// and values that still carry their unit (`81559 MiB`).
struct QueryFieldLookup {
    private var byName: [String: String] = [:]

    init(_ record: GPUQueryRecord) { self.init(record.fields) }

    init(_ fields: [String: String?]) {
        for case let (name, value?) in fields {
            var key = Substring(name)
            if let bracket = key.firstIndex(of: "[") { key = key[..<bracket] }
            let trimmed = value.trimmedSpaces
            if !trimmed.isEmpty, trimmed != "N/A" { byName[String(key.trimmedSpaces)] = String(trimmed) }
        }
    }

    func text(_ names: String...) -> String? { names.lazy.compactMap { byName[$0] }.first }

    func number(_ names: String...) -> Double? {
        for name in names {
            guard let raw = byName[name] else { continue }
            let token = raw.split(separator: " ").first.map(String.init) ?? raw
            if let value = Double(token), value.isFinite { return value }
        }
        return nil
    }

    func integer(_ names: String...) -> Int? {
        for name in names {
            guard let raw = byName[name] else { continue }
            let token = raw.split(separator: " ").first.map(String.init) ?? raw
            if let value = Int(token) { return value }
            if let value = Double(token), let exact = Int(exactly: value) { return exact }
        }
        return nil
    }
}
