/// nvbandwidth's testcases (v0.8, `nvbandwidth -l`), in the tool's own order: the order a run of
/// all of them prints them in. The step's defaults, the text parser (which names the waived ones
/// by this order) and the PCIe rule read this one list.
public enum NvbandwidthTestcases {
    public static let v08: [String] = [
        "host_to_device_memcpy_ce", "device_to_host_memcpy_ce",
        "host_to_device_bidirectional_memcpy_ce", "device_to_host_bidirectional_memcpy_ce",
        "device_to_device_memcpy_read_ce", "device_to_device_memcpy_write_ce",
        "device_to_device_bidirectional_memcpy_read_ce", "device_to_device_bidirectional_memcpy_write_ce",
        "all_to_host_memcpy_ce", "all_to_host_bidirectional_memcpy_ce",
        "host_to_all_memcpy_ce", "host_to_all_bidirectional_memcpy_ce",
        "all_to_one_write_ce", "all_to_one_read_ce", "one_to_all_write_ce", "one_to_all_read_ce",
        "host_to_device_memcpy_sm", "device_to_host_memcpy_sm",
        "host_to_device_bidirectional_memcpy_sm", "device_to_host_bidirectional_memcpy_sm",
        "device_to_device_memcpy_read_sm", "device_to_device_memcpy_write_sm",
        "device_to_device_bidirectional_memcpy_read_sm", "device_to_device_bidirectional_memcpy_write_sm",
        "all_to_host_memcpy_sm", "all_to_host_bidirectional_memcpy_sm",
        "host_to_all_memcpy_sm", "host_to_all_bidirectional_memcpy_sm",
        "all_to_one_write_sm", "all_to_one_read_sm", "one_to_all_write_sm", "one_to_all_read_sm",
        "host_device_latency_sm", "device_to_device_latency_sm", "device_local_copy",
    ]

    /// The one-GPU-at-a-time host↔device copies, copy engine and SM: what a PCIe link carries.
    public static let hostDevice = [
        "host_to_device_memcpy_ce", "device_to_host_memcpy_ce", "host_to_device_memcpy_sm", "device_to_host_memcpy_sm",
    ]

    /// Peer copies between GPUs, run by default when a node has two or more (waived on one).
    public static let deviceToDevice = [
        "device_to_device_memcpy_read_ce", "device_to_device_memcpy_write_ce",
        "device_to_device_memcpy_read_sm", "device_to_device_memcpy_write_sm",
    ]

    /// Which way a host↔device testcase copies, or nil for any other testcase.
    public static func hostDirection(_ testcase: String) -> HostCopyDirection? {
        switch testcase {
        case "host_to_device_memcpy_ce", "host_to_device_memcpy_sm": return .hostToDevice
        case "device_to_host_memcpy_ce", "device_to_host_memcpy_sm": return .deviceToHost
        default: return nil
        }
    }

    /// `ce` or `sm`, from the name's suffix.
    public static func engine(_ testcase: String) -> String? {
        if testcase.hasSuffix("_ce") { return "CE" }
        if testcase.hasSuffix("_sm") { return "SM" }
        return nil
    }
}

public enum HostCopyDirection: String, Sendable, Codable, CaseIterable {
    case hostToDevice = "H2D"
    case deviceToHost = "D2H"
}
