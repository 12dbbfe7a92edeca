/// What NCCL_DEBUG=INFO said about how a communicator moves data (docs/formats.md §2.12):
/// the network chosen, the devices it saw, and per channel the transport between two ranks.
public struct NcclTransportSummary: Sendable, Codable, Equatable {
    /// `NCCL version 2.28.9+cuda13.0` → `2.28.9`.
    public var ncclVersion: String?
    /// `Using network IB|Socket|<plugin>`; distinct names in the order first seen.
    public var networks: [String]
    /// `NET/IB : Using [0]mlx5_0:1/IB …` device names (`mlx5_0:1/IB`); empty for `No device found`.
    public var ibDevices: [String]
    /// True when a `NET/IB : No device found.` line was seen.
    public var ibNoDevice: Bool
    /// `NET/Socket : Using [0]eth0:10.0.0.1<0>` interfaces (`eth0:10.0.0.1`).
    public var socketDevices: [String]
    /// Distinct channel connections (channel, conn index, ranks, path), in the order first seen.
    public var connections: [NcclConnection]
    /// `nranks` / `nRanks`, `nNodes`, `localRanks` from the init lines (largest seen).
    public var ranks: Int?
    public var nodes: Int?
    public var localRanks: Int?
    /// Hosts of the debug lines (`host:pid:tid`).
    public var hosts: [String]
    /// The host each rank's own lines came from: the init lines (`comm 0x… rank R nRanks …`) and
    /// the NET connection lines (a `[send]` line is printed by its sender, a `[receive]` line by
    /// its receiver). A rank seen on two hosts (several communicators in one log number their ranks
    /// each from 0) is left out.
    public var rankHosts: [Int: String]
    /// From `N coll channels, N collnet channels, N nvls channels, N p2p channels, …`.
    public var collChannels: Int?
    public var nvlsChannels: Int?
    public var p2pChannels: Int?
    /// `NVLS multicast support is [not ]available`: true/false; nil when not printed.
    public var nvlsAvailable: Bool?
    /// `NCCL_X set by environment to V` (value without the trailing period), by name.
    public var environment: [String: String]
    /// The first line that set each variable, verbatim (evidence).
    public var environmentLines: [String: String]
    /// WARN messages, verbatim with their line numbers.
    public var warnings: [NcclLogLine]
    /// Number of NCCL_DEBUG lines the summary was built from.
    public var lineCount: Int

    public init(ncclVersion: String? = nil, networks: [String] = [], ibDevices: [String] = [],
                ibNoDevice: Bool = false, socketDevices: [String] = [], connections: [NcclConnection] = [],
                ranks: Int? = nil, nodes: Int? = nil, localRanks: Int? = nil, hosts: [String] = [],
                rankHosts: [Int: String] = [:], collChannels: Int? = nil, nvlsChannels: Int? = nil, p2pChannels: Int? = nil,
                nvlsAvailable: Bool? = nil, environment: [String: String] = [:],
                environmentLines: [String: String] = [:], warnings: [NcclLogLine] = [], lineCount: Int = 0) {
        self.ncclVersion = ncclVersion; self.networks = networks; self.ibDevices = ibDevices
        self.ibNoDevice = ibNoDevice; self.socketDevices = socketDevices; self.connections = connections
        self.ranks = ranks; self.nodes = nodes; self.localRanks = localRanks; self.hosts = hosts
        self.rankHosts = rankHosts
        self.collChannels = collChannels; self.nvlsChannels = nvlsChannels; self.p2pChannels = p2pChannels
        self.nvlsAvailable = nvlsAvailable; self.environment = environment
        self.environmentLines = environmentLines; self.warnings = warnings; self.lineCount = lineCount
    }

    /// Connections per transport kind.
    public func count(of transport: NcclTransportKind) -> Int {
        connections.reduce(0) { $0 + ($1.transport == transport ? 1 : 0) }
    }

    /// Distinct channel numbers seen in connection lines.
    public var connectedChannels: Int { Set(connections.map(\.channel)).count }

    /// NVLS in use: nvls channels > 0 or a connection via NVLS.
    public var nvlsInUse: Bool { (nvlsChannels ?? 0) > 0 || connections.contains { $0.transport == .nvls } }
}

/// How one channel connects two ranks (`Channel 00/0 : 3[3] -> 4[4] via P2P/direct pointer`).
public struct NcclConnection: Sendable, Codable, Equatable, Hashable {
    public var channel: Int
    public var connIndex: Int?
    public var fromRank: Int
    public var toRank: Int
    /// The bracketed device after each rank: NVML index (≥ 2.18.3) or a PCI busId in hex (older).
    public var fromDevice: String?
    public var toDevice: String?
    /// `send` / `receive` for NET connections.
    public var direction: String?
    public var transport: NcclTransportKind
    /// The text after `via`, verbatim (`P2P/direct pointer`, `SHM/direct/direct`, `NET/IB/0/GDRDMA`).
    public var path: String
    /// NET connections: GPUDirect RDMA used (`/GDRDMA`).
    public var gdrdma: Bool
    public var host: String?
    /// 1-based line of the first occurrence (evidence).
    public var line: Int
    /// The NCCL message, verbatim.
    public var text: String

    public init(channel: Int, connIndex: Int?, fromRank: Int, toRank: Int, fromDevice: String?, toDevice: String?,
                direction: String?, transport: NcclTransportKind, path: String, gdrdma: Bool, host: String?,
                line: Int, text: String) {
        self.channel = channel; self.connIndex = connIndex; self.fromRank = fromRank; self.toRank = toRank
        self.fromDevice = fromDevice; self.toDevice = toDevice; self.direction = direction
        self.transport = transport; self.path = path; self.gdrdma = gdrdma; self.host = host
        self.line = line; self.text = text
    }
}

/// Transport classes of §2.5.
public enum NcclTransportKind: String, Sendable, Codable, CaseIterable {
    /// `P2P/direct pointer` (same process).
    case p2pDirect = "p2p-direct"
    /// `P2P/IPC`, `P2P/CUMEM`, `P2P/MNNVL`, `P2P/indirect/…` (another process).
    case p2pIPC = "p2p-ipc"
    case nvls
    /// Host shared memory (`SHM/…`, `direct shared memory`).
    case shm
    case netIB = "net-ib"
    case netSocket = "net-socket"
    /// A network plugin or anything else after `NET/`.
    case netOther = "net-other"
    case collnet
    case other

    public var isP2P: Bool { self == .p2pDirect || self == .p2pIPC }
    public var isNet: Bool { self == .netIB || self == .netSocket || self == .netOther }
}

/// A line kept verbatim as evidence.
public struct NcclLogLine: Sendable, Codable, Equatable {
    public var host: String?
    public var line: Int
    public var text: String

    public init(host: String?, line: Int, text: String) { self.host = host; self.line = line; self.text = text }
}
