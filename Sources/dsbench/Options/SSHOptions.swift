import ArgumentParser
import DSBenchEngine
import DSBenchSSH
import DSBenchStore
import DSBenchSuite

/// How `run` and `doctor` reach remote nodes. Unset values come from ~/.ssh/config, as with `ssh`.
struct SSHOptions: ParsableArguments {
    @Option(name: .long, help: "Blocking SSH operations (handshakes, channel opens) at once; running steps are not limited by it.")
    var parallel: Int = SSHCluster.defaultParallel

    @Option(name: .long, help: "Extra connection attempts per node after a transient failure (reset, refused, timeout).")
    var retries: Int = 1

    @Flag(name: .long, help: "Add host keys of nodes not yet in known_hosts (a CHANGED key is always refused).")
    var acceptNewHostKeys = false

    @Option(name: .long, help: "known_hosts file to verify host keys against (default ~/.ssh/known_hosts).") var knownHosts: String?
    @Option(name: .long, help: "ssh_config to read instead of ~/.ssh/config.") var sshConfig: String?
    @Option(name: .long, help: "Remote user (default from ssh config, else the local user).") var sshUser: String?
    @Option(name: .long, help: "Remote SSH port (default from ssh config, else 22).") var sshPort: Int?
    @Option(name: .long, help: "Private key to offer before ssh-agent and the default keys.") var identity: String?
    @Option(name: .long, help: "Jump host (bastion), as for ssh -J.") var jumpHost: String?
    @Option(name: .long, help: "Seconds to wait for a node's SSH handshake (default 10).") var connectTimeout: Int?

    @Option(name: .long, help: "Concurrent handshakes toward one host (sshd's MaxStartups drops beyond 10).")
    var handshakesPerHost: Int = 8

    func validate() throws {
        if parallel < 1 { throw ValidationError("--parallel must be at least 1 (got \(parallel))") }
        if retries < 0 { throw ValidationError("--retries must be 0 or more (got \(retries))") }
        if let port = sshPort, !(1...65535).contains(port) { throw ValidationError("--ssh-port must be 1–65535 (got \(port))") }
        if let connectTimeout, connectTimeout < 1 { throw ValidationError("--connect-timeout must be at least 1 second") }
        if handshakesPerHost < 1 { throw ValidationError("--handshakes-per-host must be at least 1") }
    }

    /// Command-line values first, then the suite's `ssh:` block, then ssh_config (inside libssh).
    func settings(suite: SuiteSSH = .init()) -> SSHSettings {
        SSHSettings(user: sshUser ?? suite.user, port: sshPort ?? suite.port, identityFile: identity ?? suite.identity,
                    jumpHost: jumpHost ?? suite.jumpHost, knownHostsFile: knownHosts ?? suite.knownHosts,
                    acceptNewHostKeys: acceptNewHostKeys, configFile: sshConfig,
                    connectTimeoutSeconds: connectTimeout ?? suite.connectTimeoutSeconds.map { Int($0.rounded(.up)) } ?? 10,
                    connectRetries: retries, handshakesPerHost: handshakesPerHost, hostName: suite.hostName)
    }

    /// Whole settings for each node whose SSH settings the suite's `node_overrides` change: the
    /// command line still wins, then the node's overrides, then the suite's `ssh:`.
    func nodeSettings(suite: Suite) -> [String: SSHSettings] {
        Dictionary(suite.nodesWithSSHOverrides.map { ($0, settings(suite: suite.sshSettings(for: $0))) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// A run of `suite`'s plan on its nodes through these settings.
    func session(store: Store, suite: Suite, holdingLock: Bool = false) -> RunSession {
        RunSession(store: store, version: DSBench.version, ssh: settings(suite: suite.ssh),
                   nodeSSH: nodeSettings(suite: suite), parallel: parallel, holdingLock: holdingLock)
    }
}
