/// One nccl-tests row as stored: the parser's row, with the step it belongs to and its place in
/// the output. The store keeps no text line, so `row.line` is 0 (evidence names the size only).
/// Its fields read as the row's (`stored.size`, `stored.outOfPlace`).
@dynamicMemberLookup
public struct NcclResultRow: Sendable, Equatable {
    public var stepID: Int64
    /// Row order in the output (a repeated sweep repeats sizes).
    public var seq: Int
    public var row: NcclTestsRow

    public init(stepID: Int64, seq: Int, row: NcclTestsRow) {
        self.stepID = stepID; self.seq = seq; self.row = row
    }

    public subscript<Value>(dynamicMember field: KeyPath<NcclTestsRow, Value>) -> Value { row[keyPath: field] }
}

/// One `nvidia-smi dmon` line of one GPU.
public struct DmonSampleRow: Sendable, Equatable {
    public var stepID: Int64?
    public var node: String
    /// Sampling round in the capture.
    public var seq: Int
    public var gpu: Int
    public var sampledAt: String?
    /// Every column that had a value (`-` is absent), by lower-cased header name.
    public var values: [String: Double]

    public init(stepID: Int64? = nil, node: String, seq: Int, gpu: Int, sampledAt: String? = nil,
                values: [String: Double]) {
        self.stepID = stepID; self.node = node; self.seq = seq; self.gpu = gpu; self.sampledAt = sampledAt
        self.values = values
    }
}

/// One GPU of a `--query-gpu` inventory.
public struct InventoryGPURow: Sendable, Equatable {
    public var stepID: Int64?
    public var node: String
    public var index: Int
    public var name: String?
    public var uuid: String?
    public var pciBusID: String?
    public var driverVersion: String?
    public var vbiosVersion: String?
    public var memoryTotalMiB: Double?
    public var pcieGenCurrent: Int?
    public var pcieGenMax: Int?
    public var pcieWidthCurrent: Int?
    public var pcieWidthMax: Int?
    public var computeCap: String?
    public var persistenceMode: String?
    public var powerLimitW: Double?
    public var clocksMaxSMMHz: Double?
    public var clocksMaxMemMHz: Double?
    /// Every queried field as text; nil for bracketed values (`[N/A]`).
    public var fields: [String: String?]

    public init(stepID: Int64? = nil, node: String, index: Int, name: String? = nil, uuid: String? = nil,
                pciBusID: String? = nil, driverVersion: String? = nil, vbiosVersion: String? = nil,
                memoryTotalMiB: Double? = nil, pcieGenCurrent: Int? = nil, pcieGenMax: Int? = nil,
                pcieWidthCurrent: Int? = nil, pcieWidthMax: Int? = nil, computeCap: String? = nil,
                persistenceMode: String? = nil, powerLimitW: Double? = nil, clocksMaxSMMHz: Double? = nil,
                clocksMaxMemMHz: Double? = nil, fields: [String: String?]) {
        self.stepID = stepID; self.node = node; self.index = index; self.name = name; self.uuid = uuid
        self.pciBusID = pciBusID; self.driverVersion = driverVersion; self.vbiosVersion = vbiosVersion
        self.memoryTotalMiB = memoryTotalMiB; self.pcieGenCurrent = pcieGenCurrent; self.pcieGenMax = pcieGenMax
        self.pcieWidthCurrent = pcieWidthCurrent; self.pcieWidthMax = pcieWidthMax; self.computeCap = computeCap
        self.persistenceMode = persistenceMode; self.powerLimitW = powerLimitW
        self.clocksMaxSMMHz = clocksMaxSMMHz; self.clocksMaxMemMHz = clocksMaxMemMHz; self.fields = fields
    }
}

/// A node-level fact (`driver_version`, `cuda_version`, `nccl_version`, `topology` JSON …).
public struct FactRow: Sendable, Equatable {
    public var stepID: Int64?
    public var node: String
    public var key: String
    public var value: String

    public init(stepID: Int64? = nil, node: String, key: String, value: String) {
        self.stepID = stepID; self.node = node; self.key = key; self.value = value
    }
}

public struct DiagnosticRow: Sendable, Equatable {
    public var stepID: Int64?
    public var artifactID: Int64?
    /// The capture the line is in, to print before the line number: `step key: artifact`
    /// (`b_all_reduce_8-8G_r1#0@vm: ingest.stdout`, `… on NODE` when a job's capture ran on
    /// another node), else `node/artifact`.
    public var source: String?
    public var diagnostic: Diagnostic

    public init(stepID: Int64?, artifactID: Int64?, source: String?, diagnostic: Diagnostic) {
        self.stepID = stepID; self.artifactID = artifactID; self.source = source; self.diagnostic = diagnostic
    }

    public static func source(step: String?, stepNode: String?, artifact: String?, node: String?) -> String? {
        guard let artifact else { return step }
        guard let step else { return (node.map { $0 + "/" } ?? "") + artifact }
        return "\(step): \(artifact)" + (node != nil && node != stepNode ? " on \(node!)" : "")
    }
}
