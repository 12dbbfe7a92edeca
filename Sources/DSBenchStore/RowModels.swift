import DSBenchCore

/// One nccl-tests row as stored; measurements reuse the parser's record type.
public struct NcclResultRow: Sendable, Equatable {
    public var stepID: Int64
    /// Row order in the output (a repeated sweep repeats sizes).
    public var seq: Int
    public var size: Int64
    public var count: Int64
    public var type: String
    public var redop: String
    public var root: Int
    public var outOfPlace: NcclTestsMeasurement
    /// nil when the row was cut before its in-place half.
    public var inPlace: NcclTestsMeasurement?
    /// `-S 1` timestamp, node-local.
    public var timestamp: String?
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
}

/// A node-level fact (`driver_version`, `cuda_version`, `nccl_version`, `topology` JSON …).
public struct FactRow: Sendable, Equatable {
    public var stepID: Int64?
    public var node: String
    public var key: String
    public var value: String
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
