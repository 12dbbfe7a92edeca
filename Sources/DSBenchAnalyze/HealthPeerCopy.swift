import DSBenchCore

/// One measured copy from one GPU to another on a node (a cell of an nvbandwidth device↔device
/// testcase): read as a GPU pair matrix, like `gpu-pairs` busbw (`PairAnalysis.peerMatrices`).
public struct HealthPeerCopy: Sendable, Equatable {
    public var node: String
    /// `device_to_device_memcpy_read_ce`, … (`NvbandwidthTestcases.deviceToDevice`).
    public var testcase: String
    public var sourceGPU: Int
    public var destinationGPU: Int
    public var gigabytesPerSecond: Double
    /// The step that measured it (its key).
    public var stepKey: String?

    public init(node: String, testcase: String, sourceGPU: Int, destinationGPU: Int, gigabytesPerSecond: Double,
                stepKey: String? = nil) {
        self.node = node; self.testcase = testcase; self.sourceGPU = sourceGPU; self.destinationGPU = destinationGPU
        self.gigabytesPerSecond = gigabytesPerSecond; self.stepKey = stepKey
    }

    /// The GPU-to-GPU cells of parsed nvbandwidth output, as one step's.
    public static func from(_ report: NvbandwidthReport, node: String, stepKey: String? = nil) -> [HealthPeerCopy] {
        from(report.testcases.filter { $0.status == .passed }.flatMap(\.cells), node: node, stepKey: { _ in stepKey })
    }

    /// Cells of the one-pair-at-a-time device↔device testcases between two different GPUs; others are left out.
    static func from(_ cells: [NvbandwidthCell], node: String, stepKey: (NvbandwidthCell) -> String?) -> [HealthPeerCopy] {
        cells.compactMap { cell in
            guard cell.unit == "GB/s", NvbandwidthTestcases.deviceToDevice.contains(cell.testcase),
                  cell.source.hasPrefix("GPU"), cell.destination.hasPrefix("GPU"),
                  let source = Int(cell.source.dropFirst(3)), let destination = Int(cell.destination.dropFirst(3)),
                  source != destination, cell.value.isFinite else { return nil }
            return HealthPeerCopy(node: node, testcase: cell.testcase, sourceGPU: source, destinationGPU: destination,
                                  gigabytesPerSecond: cell.value, stepKey: stepKey(cell))
        }
    }
}

extension HealthInputLoader {
    /// The GPU-to-GPU cells of the run's nvbandwidth steps.
    public static func peerCopies(_ cells: [StoredNvbandwidthCell], stepKeys: [Int64: String]) -> [HealthPeerCopy] {
        cells.flatMap { row in
            HealthPeerCopy.from([row.cell], node: row.node, stepKey: { _ in row.stepID.flatMap { stepKeys[$0] } })
        }
    }
}
