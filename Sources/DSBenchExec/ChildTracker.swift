import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the tasks around one child need to know about it: its process group (once spawned),
/// whether it has ended, and whether dsbench killed it for running past its timeout.
final class ChildTracker: Sendable {
    private struct State {
        var processGroupID: pid_t?
        var ended = false
        var timedOut = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
            defer { waiters = [] }
            return waiters
        }
    }
    private let state = Mutex(State())

    func started(_ pid: pid_t) {
        ChildWatchdog.shared.watch(pid)
        let waiters = state.withLock { state in
            state.processGroupID = pid
            return state.takeWaiters()
        }
        waiters.forEach { $0.resume() }
    }

    /// Called once the child has ended or could not be started at all.
    func ended() {
        let waiters = state.withLock { state in
            state.ended = true
            return state.takeWaiters()
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once the child has a pid or will never get one. Spawning takes milliseconds, so this
    /// does not need to react to cancellation.
    func waitUntilStartedOrEnded() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.processGroupID != nil || state.ended { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// The group has been stopped or has ended with all its members: the watchdog forgets it.
    func groupGone() {
        if let group = state.withLock({ $0.processGroupID }) { ChildWatchdog.shared.release(group) }
    }

    var killer: ProcessGroupKiller? {
        state.withLock { $0.processGroupID }.flatMap { ProcessGroupKiller(processGroupID: $0) }
    }

    func markTimedOut() { state.withLock { $0.timedOut = true } }
    var timedOut: Bool { state.withLock { $0.timedOut } }
    var hasEnded: Bool { state.withLock { $0.ended } }
}
