import CLibSSH
import Foundation

/// Waits for running remote commands on one dedicated thread, so a command does not hold a pool
/// thread while it runs.
///
/// Before, each running command kept one of the `--parallel` pool threads in a poll loop, so a
/// 10-minute nccl-tests step on 1,000 nodes ran 32 nodes at a time. Now the pool only opens
/// sessions and channels (short, blocking libssh calls); this thread polls every session's socket
/// at once, reads whatever arrived, enforces timeouts and cancellation, and hands each finished
/// command back. Like the pool's threads it is a pthread, joined in `shutdown()`.
final class ChannelWatcher: @unchecked Sendable {
    enum End: Sendable {
        /// Both output streams ended, or the session dropped (`connection.lost` says which).
        case finished
        /// dsbench stopped it (timeout or cancel): closed its stdin so the remote watchdog ended it,
        /// or gave up on the channel when that did not happen within the kill grace + 5 s.
        case stopped(StopReason)
    }

    enum StopReason: Sendable { case timeout, cancel }

    final class Watch: @unchecked Sendable {
        let connection: SSHConnection
        let channel: RemoteChannel
        let deadline: Date?
        let cancel: CancelFlag
        let grace: Double
        fileprivate var stop: StopReason?
        fileprivate var stopSentAt = Date.distantFuture
        fileprivate var eofSent = false
        fileprivate let done: @Sendable (End) -> Void

        init(connection: SSHConnection, channel: RemoteChannel, deadline: Date?, cancel: CancelFlag, grace: Double,
             done: @escaping @Sendable (End) -> Void) {
            self.connection = connection; self.channel = channel; self.deadline = deadline
            self.cancel = cancel; self.grace = grace; self.done = done
        }
    }

    private let lock = NSLock()
    private var watches: [Watch] = []
    private var stopping = false
    private var thread: pthread_t?
    private var wakePipe: [Int32] = [-1, -1]
    /// Every session is read at least this often, in case another thread's blocking call left
    /// packets in libssh's buffer where `poll` on the socket cannot see them.
    private static let sweepInterval: TimeInterval = 0.5

    init() {
        if pipe(&wakePipe) == 0 {
            for fd in wakePipe { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        }
        let context = Unmanaged.passRetained(self)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 1 << 20)
        var created = pthread_t()
        let rc = pthread_create(&created, &attributes, { raw in
            let watcher = Unmanaged<ChannelWatcher>.fromOpaque(raw!).takeRetainedValue()
            _ = "dsb-ssh-watch".withCString { dsb_set_current_thread_name($0) }
            watcher.loop()
            return nil
        }, context.toOpaque())
        pthread_attr_destroy(&attributes)
        if rc == 0 { thread = created } else { context.release() }
    }

    /// Starts watching; `watch.done` is called once, on the watcher thread.
    func add(_ watch: Watch) {
        let accepted = lock.withLock { () -> Bool in
            guard !stopping, thread != nil else { return false }
            watches.append(watch)
            return true
        }
        if accepted { wake() } else { watch.done(.stopped(.cancel)) }
    }

    /// Makes the thread look at its watches now (a cancel flag was raised). Under the lock, so a
    /// late wake-up never writes to a descriptor number that `shutdown` closed and the process
    /// reused (a database file, say).
    func wake() {
        lock.withLock {
            guard wakePipe[1] >= 0 else { return }
            var byte: UInt8 = 1
            _ = write(wakePipe[1], &byte, 1)
        }
    }

    /// Ends every remaining watch as cancelled and joins the thread. Idempotent.
    func shutdown() {
        let joining = lock.withLock { () -> pthread_t? in
            stopping = true
            defer { thread = nil }
            return thread
        }
        wake()
        if let joining { pthread_join(joining, nil) }
        lock.withLock {
            for fd in wakePipe where fd >= 0 { close(fd) }
            wakePipe = [-1, -1]
        }
    }

    private func loop() {
        var lastSweep = Date()
        while true {
            let (current, finishing) = lock.withLock { (watches, stopping) }
            if finishing {
                for watch in current { watch.done(.stopped(.cancel)) }
                lock.withLock { watches.removeAll() }
                return
            }
            var connections: [ObjectIdentifier: SSHConnection] = [:]
            for watch in current { connections[ObjectIdentifier(watch.connection)] = watch.connection }
            let ordered = Array(connections.values)
            var descriptors = [pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0)]
                + ordered.map { pollfd(fd: $0.socket, events: Int16(POLLIN), revents: 0) }
            _ = poll(&descriptors, nfds_t(descriptors.count), pollTimeout(current))
            var byte = [UInt8](repeating: 0, count: 64)
            while read(wakePipe[0], &byte, byte.count) > 0 {}

            let sweep = Date().timeIntervalSince(lastSweep) >= Self.sweepInterval
            if sweep { lastSweep = Date() }
            for (index, connection) in ordered.enumerated()
            where sweep || descriptors[index + 1].revents != 0 || connection.takeNeedsPump() {
                // A session busy on a pool thread is read on a later round (its `needsPump` is set).
                _ = connection.pumpIfFree()
            }
            var ended: [(Watch, End)] = []
            for watch in current {
                if let end = evaluate(watch) { ended.append((watch, end)) }
            }
            if !ended.isEmpty {
                let gone = Set(ended.map { ObjectIdentifier($0.0) })
                lock.withLock { watches.removeAll { gone.contains(ObjectIdentifier($0)) } }
                for (watch, end) in ended { watch.done(end) }
            }
        }
    }

    /// Where a watch stands after a read: ended, or stopped now if its deadline passed or it was cancelled.
    /// Never waits for a session's lock: one slow node must not hold up the others' timeouts.
    private func evaluate(_ watch: Watch) -> End? {
        let connection = watch.connection
        guard let state = connection.stateIfFree(watch.channel) else { return nil }
        if state.lost || state.finished {
            return watch.stop.map { .stopped($0) } ?? .finished
        }
        if let stop = watch.stop {
            if !watch.eofSent { watch.eofSent = connection.sendEOFIfFree(watch.channel) }
            return Date().timeIntervalSince(watch.stopSentAt) > watch.grace + 5 ? .stopped(stop) : nil
        }
        if watch.cancel.isRaised { watch.stop = .cancel }
        else if let deadline = watch.deadline, Date() >= deadline { watch.stop = .timeout }
        if watch.stop != nil {
            watch.eofSent = connection.sendEOFIfFree(watch.channel)
            watch.stopSentAt = Date()
        }
        return nil
    }

    /// Until the nearest deadline, at most 100 ms (cancel flags are polled), 5 ms right after a stop.
    private func pollTimeout(_ current: [Watch]) -> Int32 {
        var seconds = 0.1
        for watch in current {
            if watch.stop != nil { seconds = min(seconds, 0.005) }
            else if let deadline = watch.deadline { seconds = min(seconds, max(0, deadline.timeIntervalSinceNow)) }
        }
        return Int32((seconds * 1000).rounded(.up))
    }
}
