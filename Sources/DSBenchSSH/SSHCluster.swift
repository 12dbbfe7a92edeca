import DSBenchExec
import Foundation

/// The connections of one run: a session per node, opened on first use and reused by every step,
/// on a pool of `parallel` dedicated threads. Call `shutdown()` before the process exits.
public final class SSHCluster: @unchecked Sendable {
    /// Settings of every node without its own entry in `nodeSettings`.
    public let settings: SSHSettings
    /// Whole settings for the nodes that differ (a suite's `node_overrides`), by node name.
    public let nodeSettings: [String: SSHSettings]
    let pool: BlockingPool
    /// Waits for running commands, so that `parallel` bounds handshakes and channel opens, not
    /// how many nodes run a step at once.
    let watcher = ChannelWatcher()
    private let lock = NSCondition()
    private var connections: [String: SSHConnection] = [:]
    /// A node that could not be reached stays failed for the run: later steps fail at once.
    private var failures: [String: SSHFailure] = [:]
    private var connecting: Set<String> = []
    private var handshakes: [String: Int] = [:]
    private var inFlightHandshakes: [String: Int] = [:]

    /// - Parameter parallel: how many blocking SSH operations (handshakes, channel opens) at once;
    ///   running commands are waited for by one watcher thread and are not limited by it.
    public init(settings: SSHSettings = .init(), nodeSettings: [String: SSHSettings] = [:],
                parallel: Int = SSHCluster.defaultParallel) {
        self.settings = settings
        self.nodeSettings = nodeSettings
        pool = BlockingPool(threads: parallel)
    }

    /// 32: a 2-core head node pays ~5 ms of CPU per libssh handshake; 32 at a time keep a thousand
    /// nodes' handshakes moving without thrashing the head node.
    public static let defaultParallel = 32

    /// How `node` is reached.
    public func settings(for node: String) -> SSHSettings { nodeSettings[node] ?? settings }

    public func executor(for node: String) -> SSHExecutor { SSHExecutor(node: node, cluster: self) }

    /// Handshakes made toward `node` so far (1 for a whole run when sessions are reused).
    public func handshakeCount(for node: String) -> Int { lock.withLock { handshakes[node, default: 0] } }

    public var totalHandshakes: Int { lock.withLock { handshakes.values.reduce(0, +) } }

    /// Why `node` is unusable, if it is.
    public func failure(for node: String) -> SSHFailure? { lock.withLock { failures[node] } }

    /// Closes every session and joins the pool's threads.
    public func shutdown() {
        let open = lock.withLock { () -> [SSHConnection] in
            let all = Array(connections.values)
            connections.removeAll()
            return all
        }
        watcher.shutdown()
        for connection in open { connection.close() }
        pool.shutdown()
    }

    /// The node's session, connecting if needed. Blocking: pool threads only.
    func connection(for node: String, cancel: CancelFlag) -> Result<SSHConnection, SSHFailure> {
        while true {
            lock.lock()
            while connecting.contains(node) { lock.wait() }
            if let failure = failures[node] { lock.unlock(); return .failure(failure) }
            guard let existing = connections[node] else {
                connecting.insert(node)
                lock.unlock()
                break
            }
            lock.unlock()
            // Outside the cluster's lock: asking a session waits for it, and a node whose session
            // is stuck in a blocking call must hold up only its own commands, not every node's.
            if existing.lost == nil { return .success(existing) }
            lock.withLock { if connections[node] === existing { connections[node] = nil } }
        }

        let result = connectWithRetries(node, cancel: cancel)
        lock.withLock {
            connecting.remove(node)
            switch result {
            case .success(let connection): connections[node] = connection
            case .failure(let failure): failures[node] = failure
            }
            lock.broadcast()
        }
        return result
    }

    /// Forgets a session that dropped, so the node's next step reconnects.
    func discard(_ connection: SSHConnection) {
        lock.withLock {
            if connections[connection.node] === connection { connections[connection.node] = nil }
        }
        connection.close()
    }

    private func connectWithRetries(_ node: String, cancel: CancelFlag) -> Result<SSHConnection, SSHFailure> {
        let settings = settings(for: node)
        var attempt = 0
        while true {
            let server = Self.handshakeTarget(node: node, settings: settings)
            acquireHandshakeSlot(server, limit: settings.handshakesPerHost)
            lock.withLock { handshakes[node, default: 0] += 1 }
            let result = Result { () throws(SSHFailure) in try SSHConnection.open(node: node, settings: settings) }
            releaseHandshakeSlot(server)
            guard case .failure(let failure) = result, !failure.isPermanent,
                  attempt < settings.connectRetries, !cancel.isRaised else { return result }
            attempt += 1
            // Jittered exponential backoff, so retries of many nodes do not arrive together.
            let delay = 0.25 * Double(1 << min(attempt, 6)) * Double.random(in: 0.5...1.5)
            let until = Date().addingTimeInterval(delay)
            while Date() < until && !cancel.isRaised { usleep(20_000) }
        }
    }

    /// Whose sshd a handshake to `node` loads, for the per-server cap (`MaxStartups` drops bursts):
    /// the jump host's when there is one (every connection starts as an ssh to it), else the
    /// address and port connected to, so node names that are aliases of one server share a cap.
    static func handshakeTarget(node: String, settings: SSHSettings) -> String {
        if let jump = settings.jumpHost { return "via \(jump)" }
        return "\(settings.hostName ?? node):\(settings.port ?? 22)"
    }

    private func acquireHandshakeSlot(_ host: String, limit: Int) {
        lock.withLock {
            while inFlightHandshakes[host, default: 0] >= limit { lock.wait() }
            inFlightHandshakes[host, default: 0] += 1
        }
    }

    private func releaseHandshakeSlot(_ host: String) {
        lock.withLock {
            inFlightHandshakes[host, default: 0] -= 1
            lock.broadcast()
        }
    }
}
