import DSBenchCore

/// The health readings of one GPU in one capture (`nvidia-smi -q`, the health `--query-gpu`,
/// `nvlink -e`), as the health rules read them.
public struct HealthGPUState: Sendable, Equatable {
    public var node: String
    public var index: Int
    public var pciBusID: String?
    public var stepKey: String?
    /// Orders captures within a run (the artifact id): the first and the last say what rose.
    public var capture: Int64
    public var source: String
    public var values: [String: GPUHealthValue]

    public init(node: String, index: Int, pciBusID: String? = nil, stepKey: String? = nil, capture: Int64,
                source: String, values: [String: GPUHealthValue]) {
        self.node = node; self.index = index; self.pciBusID = pciBusID; self.stepKey = stepKey
        self.capture = capture; self.source = source; self.values = values
    }

    /// The GPUs of one parsed capture.
    public static func from(_ report: GPUHealthReport, node: String, stepKey: String? = nil,
                            capture: Int64 = 0) -> [HealthGPUState] {
        report.gpus.map { gpu in
            HealthGPUState(node: node, index: gpu.index, pciBusID: gpu.pciBusID, stepKey: stepKey, capture: capture,
                           source: report.source,
                           values: Dictionary(gpu.values.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last }))
        }
    }
}

/// One Xid / SXid line of a node's kernel log, and which capture it came from.
public struct HealthKernelEvent: Sendable, Equatable {
    public var node: String
    public var stepKey: String?
    public var capture: Int64
    public var event: KernelXidEvent

    public init(node: String, stepKey: String? = nil, capture: Int64 = 0, event: KernelXidEvent) {
        self.node = node; self.stepKey = stepKey; self.capture = capture; self.event = event
    }

    public static func from(_ report: KernelLogReport, node: String, stepKey: String? = nil,
                            capture: Int64 = 0) -> [HealthKernelEvent] {
        report.events.map { HealthKernelEvent(node: node, stepKey: stepKey, capture: capture, event: $0) }
    }
}

/// Every capture of one GPU in a run, oldest first: what the rules judge a GPU by.
struct HealthGPUHistory {
    let node: String
    let index: Int
    let states: [HealthGPUState]

    /// Per GPU (node, index) in first-seen order, each GPU's states in capture order.
    static func of(_ states: [HealthGPUState]) -> [HealthGPUHistory] {
        var order: [String] = []
        var grouped: [String: [HealthGPUState]] = [:]
        for state in states {
            let key = "\(state.node)\u{0}\(state.index)"
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(state)
        }
        return order.compactMap { key in
            guard let list = grouped[key], let first = list.first else { return nil }
            return HealthGPUHistory(node: first.node, index: first.index,
                                    states: list.enumerated().sorted { ($0.element.capture, $0.offset) < ($1.element.capture, $1.offset) }
                                        .map(\.element))
        }
    }

    /// The newest reading of `key` and the capture that holds it.
    func latest(_ key: String) -> (value: GPUHealthValue, state: HealthGPUState)? {
        for state in states.reversed() { if let value = state.values[key] { return (value, state) } }
        return nil
    }

    /// The oldest reading of `key`, from a different capture than the newest one.
    func earliest(_ key: String) -> (value: GPUHealthValue, state: HealthGPUState)? {
        guard let last = latest(key) else { return nil }
        for state in states where state.capture != last.state.capture {
            if let value = state.values[key] { return (value, state) }
        }
        return nil
    }

    /// Every key any capture of this GPU holds, sorted.
    var keys: [String] { Array(Set(states.flatMap(\.values.keys))).sorted() }

    /// `inventory@n1 (smi-q)`: where a reading was seen.
    static func place(_ state: HealthGPUState) -> String {
        (state.stepKey.map { "\($0) " } ?? "") + "(\(state.source))"
    }
}
