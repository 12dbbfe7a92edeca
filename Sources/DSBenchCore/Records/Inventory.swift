public struct GPUQueryTable: Sendable, Codable, Equatable {
    /// Field names in column order (from the header, or as given to the parser).
    public var fieldNames: [String]
    public var records: [GPUQueryRecord]
    public var diagnostics: [Diagnostic]

    public init(fieldNames: [String] = [], records: [GPUQueryRecord] = [], diagnostics: [Diagnostic] = []) {
        self.fieldNames = fieldNames; self.records = records; self.diagnostics = diagnostics
    }
}

/// `nvidia-smi topo -m`.
public struct TopologyMatrix: Sendable, Codable, Equatable {
    /// Column labels of device cells: `GPU0`…, `NIC0`… (or old-style `mlx5_0`).
    public var devices: [String]
    public var rows: [TopologyRow]
    /// `NIC0` → `mlx5_0` from the `NIC Legend:` block.
    public var nicLegend: [String: String]
    public var diagnostics: [Diagnostic]

    public init(devices: [String] = [], rows: [TopologyRow] = [], nicLegend: [String: String] = [:],
                diagnostics: [Diagnostic] = []) {
        self.devices = devices; self.rows = rows; self.nicLegend = nicLegend; self.diagnostics = diagnostics
    }

    /// The link code between two devices (`NV18`, `SYS`, `PIX`, `X` …).
    public func link(from: String, to: String) -> String? {
        guard let row = rows.first(where: { $0.device == from }),
              let col = devices.firstIndex(of: to), col < row.cells.count else { return nil }
        return row.cells[col]
    }
}

public struct TopologyRow: Sendable, Codable, Equatable {
    public var device: String
    /// Cells aligned with `TopologyMatrix.devices`, trimmed (`X`, `NV18`, `SYS` …).
    public var cells: [String]
    public var cpuAffinity: String?
    public var numaAffinity: String?
    public var gpuNumaID: String?

    public init(device: String, cells: [String], cpuAffinity: String? = nil, numaAffinity: String? = nil,
                gpuNumaID: String? = nil) {
        self.device = device; self.cells = cells; self.cpuAffinity = cpuAffinity
        self.numaAffinity = numaAffinity; self.gpuNumaID = gpuNumaID
    }
}

/// `nvidia-smi nvlink -s`.
public struct NvlinkStatus: Sendable, Codable, Equatable {
    public var gpus: [NvlinkGPU]
    public var diagnostics: [Diagnostic]

    public init(gpus: [NvlinkGPU] = [], diagnostics: [Diagnostic] = []) {
        self.gpus = gpus; self.diagnostics = diagnostics
    }
}

public struct NvlinkGPU: Sendable, Codable, Equatable {
    public var index: Int
    public var name: String
    public var uuid: String
    public var links: [NvlinkLink]

    public init(index: Int, name: String, uuid: String, links: [NvlinkLink] = []) {
        self.index = index; self.name = name; self.uuid = uuid; self.links = links
    }
}

public struct NvlinkLink: Sendable, Codable, Equatable {
    public var link: Int
    /// Per-link unidirectional GB/s; nil when `<inactive>`.
    public var gbPerSecond: Double?
    public var inactive: Bool
    /// Anything printed after the rate, kept verbatim.
    public var note: String?

    public init(link: Int, gbPerSecond: Double?, inactive: Bool, note: String? = nil) {
        self.link = link; self.gbPerSecond = gbPerSecond; self.inactive = inactive; self.note = note
    }
}

/// Facts read from `nvidia-smi` (header), `uname -r`, `/etc/os-release`.
public struct SystemFacts: Sendable, Codable, Equatable {
    public var driverVersion: String?
    public var cudaVersion: String?
    public var kernel: String?
    public var osName: String?

    public init(driverVersion: String? = nil, cudaVersion: String? = nil, kernel: String? = nil, osName: String? = nil) {
        self.driverVersion = driverVersion; self.cudaVersion = cudaVersion; self.kernel = kernel; self.osName = osName
    }
}
