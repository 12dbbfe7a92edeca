/// How dsbench reaches nodes. Anything left nil comes from `~/.ssh/config` (or `configFile`), then
/// from libssh's defaults, the way `ssh` itself would resolve it.
public struct SSHSettings: Sendable, Equatable {
    public var user: String?
    public var port: Int?
    /// A private key to offer before the agent and the default keys.
    public var identityFile: String?
    /// A bastion: libssh 0.10 has no ProxyJump, so this becomes `ProxyCommand ssh -W [%h]:%p <jump>`.
    public var jumpHost: String?
    /// The known_hosts file to verify against; nil means the user's (`~/.ssh/known_hosts`).
    public var knownHostsFile: String?
    /// Add keys of hosts that are not in known_hosts yet. A changed key is refused regardless.
    public var acceptNewHostKeys: Bool
    /// An ssh_config to read instead of `~/.ssh/config`.
    public var configFile: String?
    public var connectTimeoutSeconds: Int
    /// Extra connection attempts after a failure that may be transient (reset, refused, timeout).
    public var connectRetries: Int
    /// Concurrent handshakes toward one host; sshd's default `MaxStartups 10:30:100` starts dropping
    /// connections beyond 10.
    public var handshakesPerHost: Int
    /// Seconds between SIGTERM and SIGKILL of a remote process group.
    public var killGraceSeconds: Double
    /// The name or address to connect to instead of the node's name (ssh_config's `HostName`, set
    /// per node); ssh_config is still matched against the node name, known_hosts against this.
    public var hostName: String?

    public init(user: String? = nil, port: Int? = nil, identityFile: String? = nil, jumpHost: String? = nil,
                knownHostsFile: String? = nil, acceptNewHostKeys: Bool = false, configFile: String? = nil,
                connectTimeoutSeconds: Int = 10, connectRetries: Int = 1, handshakesPerHost: Int = 8,
                killGraceSeconds: Double = 2, hostName: String? = nil) {
        self.user = user; self.port = port; self.identityFile = identityFile; self.jumpHost = jumpHost
        self.knownHostsFile = knownHostsFile; self.acceptNewHostKeys = acceptNewHostKeys
        self.configFile = configFile; self.connectTimeoutSeconds = max(1, connectTimeoutSeconds)
        self.connectRetries = max(0, connectRetries); self.handshakesPerHost = max(1, handshakesPerHost)
        self.killGraceSeconds = killGraceSeconds; self.hostName = hostName
    }
}

/// Why a node could not be used; each case renders as one line naming the node and the cause.
public enum SSHFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case connect(node: String, String)
    case hostKeyUnknown(node: String, fingerprint: String, knownHosts: String)
    case hostKeyChanged(node: String, fingerprint: String, knownHosts: String)
    case hostKeyOther(node: String, String)
    case auth(node: String, user: String, String)
    case option(node: String, String)
    /// libssh could not be opened on this machine.
    case library(node: String, String)
    case lost(node: String, String)

    /// Failures that another attempt will not fix.
    public var isPermanent: Bool {
        switch self {
        case .connect, .lost: return false
        default: return true
        }
    }

    public var description: String {
        switch self {
        case .connect(let node, let why):
            return "node \(node) unreachable: \(why)"
        case .hostKeyUnknown(let node, let fingerprint, let file):
            return "node \(node): host key \(fingerprint) is not in \(file); refusing to connect "
                + "(check it, then add it with --accept-new-host-keys)"
        case .hostKeyChanged(let node, let fingerprint, let file):
            return "node \(node): HOST KEY CHANGED — the server offers \(fingerprint), which does not match "
                + "\(file); refusing to connect (possible man-in-the-middle; fix known_hosts by hand)"
        case .hostKeyOther(let node, let why):
            return "node \(node): host key not verified: \(why)"
        case .auth(let node, let user, let why):
            return "node \(node): authentication as \(user) failed: \(why)"
        case .option(let node, let why):
            return "node \(node): bad ssh setting: \(why)"
        case .library(let node, let why):
            return "node \(node): \(why)"
        case .lost(let node, let why):
            return "node \(node): connection lost: \(why)"
        }
    }
}
