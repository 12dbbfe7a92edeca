#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Signals a whole process group: dsbench starts every child as the leader of its own session, so
/// the group id is the child's pid and it covers grandchildren (mpirun ranks, `sh -c` pipelines).
struct ProcessGroupKiller: Sendable {
    let processGroupID: pid_t

    /// nil for ids that would make `kill(-id, …)` hit something other than one child's group
    /// (0 is our own group, 1 would be "every process we may signal").
    init?(processGroupID: pid_t) {
        guard processGroupID > 1 else { return nil }
        self.processGroupID = processGroupID
    }

    /// True while any member of the group still runs. Zombies do not count (see `ProcessTable`).
    var isAlive: Bool {
        guard kill(-processGroupID, 0) == 0 || errno == EPERM else { return false }
        return ProcessTable.hasRunningMember(ofGroup: processGroupID) ?? true
    }

    @discardableResult
    func send(_ signal: Int32) -> Bool {
        kill(-processGroupID, signal) == 0
    }

    /// SIGTERM to the group, up to `grace` seconds for it to go away, then SIGKILL.
    /// If the calling task is cancelled while waiting, the KILL is sent at once.
    func terminate(grace: Double) async {
        guard isAlive else { return }
        send(SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(max(0, grace) * 1000)))
        while isAlive, ContinuousClock.now < deadline {
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
        }
        if isAlive { send(SIGKILL) }
    }

    /// `terminate(grace:)` in a task of its own, so that a cancelled caller still gets the full
    /// TERM-then-KILL sequence instead of an immediate KILL.
    func terminateUncancellably(grace: Double) async {
        let killer = self
        await Task { await killer.terminate(grace: grace) }.value
    }
}
