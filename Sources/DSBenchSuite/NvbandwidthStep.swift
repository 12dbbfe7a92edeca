import DSBenchCore

/// `nvbandwidth: {testcases: [...], buffer_size: 512M, samples: 3}`: NVIDIA's nvbandwidth on each
/// node, asked for JSON (`-j`). Without `testcases` it runs the host↔device copies (CE and SM) and,
/// where the node has two or more GPUs, the device↔device ones: the engine decides that when it
/// knows the node's GPU count (`NvbandwidthPlaceholder`).
public struct NvbandwidthStep: Sendable, Equatable {
    /// nil: the defaults above.
    public var testcases: [String]?
    /// `testcases: all`: every testcase the tool has (no `-t`; on one GPU the peer ones are waived).
    public var allTestcases: Bool = false
    /// `-b` in MiB (nvbandwidth's default 512).
    public var bufferMiB: Int?
    /// `-i`, samples per testcase (nvbandwidth's default 3).
    public var samples: Int?

    public init(testcases: [String]? = nil, bufferMiB: Int? = nil, samples: Int? = nil) {
        self.testcases = testcases; self.bufferMiB = bufferMiB; self.samples = samples
    }

    public static let binary = "nvbandwidth"
    public static let jsonFlag = "-j"
    public static let defaultTimeoutSeconds: Double = 1800

    /// The planned argv: options first, `-t` and its names last (nvbandwidth's `-t` takes every
    /// following name). The default set ends in the placeholder that becomes the device↔device
    /// testcases on a node with two or more GPUs.
    public var argv: [String] {
        var argv = [Self.binary, Self.jsonFlag]
        if let bufferMiB { argv += ["-b", String(bufferMiB)] }
        if let samples { argv += ["-i", String(samples)] }
        if allTestcases { return argv }
        argv.append("-t")
        if let testcases { return argv + testcases }
        return argv + NvbandwidthTestcases.hostDevice + [NvbandwidthPlaceholder.peerTestcases]
    }
}

/// The element of a planned nvbandwidth argv that stands for "the device↔device testcases if the
/// node has two or more GPUs", resolved with the GPU count like `{gpus}`: on one GPU they are
/// waived anyway, and asking for them only adds `Waived:` lines.
public enum NvbandwidthPlaceholder {
    public static let peerTestcases = "{nvbandwidth_peer_testcases}"

    static func needsGPUCount(_ command: PlannedCommand) -> Bool {
        command.parser == .nvbandwidth && command.argv.contains(peerTestcases)
    }

    static func resolving(_ argv: [String], gpus: Int) -> [String] {
        argv.flatMap { $0 == peerTestcases ? (gpus >= 2 ? NvbandwidthTestcases.deviceToDevice : []) : [$0] }
    }
}
