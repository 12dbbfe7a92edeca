import DSBenchCore

/// One GPU's measured host↔device copy (an nvbandwidth host↔device testcase cell): what the PCIe
/// rules judge against the GPU's link and its siblings.
public struct HealthHostCopy: Sendable, Equatable {
    public var node: String
    /// The CUDA device index nvbandwidth printed; matched to the inventory's GPU index (both
    /// follow PCI bus order unless CUDA_VISIBLE_DEVICES reorders them).
    public var gpu: Int
    public var direction: HostCopyDirection
    /// `host_to_device_memcpy_ce`, …
    public var testcase: String
    public var gigabytesPerSecond: Double
    /// The step that measured it (its key).
    public var stepKey: String?

    public init(node: String, gpu: Int, direction: HostCopyDirection, testcase: String, gigabytesPerSecond: Double,
                stepKey: String? = nil) {
        self.node = node; self.gpu = gpu; self.direction = direction; self.testcase = testcase
        self.gigabytesPerSecond = gigabytesPerSecond; self.stepKey = stepKey
    }

    /// The host↔device cells of parsed nvbandwidth output, as one step's.
    public static func from(_ report: NvbandwidthReport, node: String, stepKey: String? = nil) -> [HealthHostCopy] {
        from(report.testcases.filter { $0.status == .passed }.flatMap(\.cells), node: node, stepKey: { _ in stepKey })
    }

    /// Cells of the one-GPU-at-a-time host↔device testcases; others are left out.
    static func from(_ cells: [NvbandwidthCell], node: String, stepKey: (NvbandwidthCell) -> String?) -> [HealthHostCopy] {
        cells.compactMap { cell in
            guard cell.unit == "GB/s", let direction = NvbandwidthTestcases.hostDirection(cell.testcase) else { return nil }
            let device = direction == .hostToDevice ? cell.destination : cell.source
            guard device.hasPrefix("GPU"), let gpu = Int(device.dropFirst(3)) else { return nil }
            return HealthHostCopy(node: node, gpu: gpu, direction: direction, testcase: cell.testcase,
                                  gigabytesPerSecond: cell.value, stepKey: stepKey(cell))
        }
    }

    /// Per node, GPU and direction, the best copy measured (CE or SM, any repeat): a link is
    /// judged by what it was seen to carry, so one slow sample does not condemn it.
    public static func best(_ copies: [HealthHostCopy]) -> [HealthHostCopy] {
        var best: [String: HealthHostCopy] = [:]
        var order: [String] = []
        for copy in copies where copy.gigabytesPerSecond.isFinite {
            let key = "\(copy.node)\u{0}\(copy.gpu)\u{0}\(copy.direction.rawValue)"
            if let seen = best[key] {
                if copy.gigabytesPerSecond > seen.gigabytesPerSecond { best[key] = copy }
            } else {
                order.append(key)
                best[key] = copy
            }
        }
        return order.compactMap { best[$0] }
    }
}

extension HealthInputLoader {
    /// The host↔device cells of the run's nvbandwidth steps.
    public static func hostCopies(_ cells: [StoredNvbandwidthCell], stepKeys: [Int64: String]) -> [HealthHostCopy] {
        cells.flatMap { row in
            HealthHostCopy.from([row.cell], node: row.node, stepKey: { _ in row.stepID.flatMap { stepKeys[$0] } })
        }
    }
}
