import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the process groups dsbench started when dsbench itself dies, however it dies (SIGKILL,
/// the OOM killer, a crash): nothing dsbench can run at its own end runs then.
///
/// One small `sh` per dsbench process, in a session of its own, reads the ids of the live
/// groups from a socket whose other end only dsbench holds (close-on-exec, and Subprocess closes
/// every descriptor above 2 in the children it starts). When dsbench goes, the kernel closes that
/// end; `read` sees end of file and the watchdog sends SIGTERM to every group still listed,
/// then SIGKILL after the grace. It is the local twin of the remote wrapper's watchdog
/// (`RemoteCommand`), which does the same when the SSH channel closes.
///
/// Why not `PR_SET_PDEATHSIG`: it fires when the *thread* that forked the child exits, and the
/// child is forked from Swift's thread pool, whose threads come and go; and it reaches only the
/// direct child, not the rest of its group (mpirun's ranks, a shell's pipeline).
final class ChildWatchdog: Sendable {
    /// The watchdog of this process; started on the first group it is told about.
    static let shared = ChildWatchdog(grace: 2)

    private struct State {
        var socket: Int32 = -1
        var started = false
    }
    private let state = Mutex(State())
    private let grace: Int

    init(grace: Int) { self.grace = grace }

    /// `groupID` is a live process group of dsbench's: stop it if dsbench dies before `release`.
    func watch(_ groupID: pid_t) {
        post("+\(groupID)\n")
    }

    /// The group is gone (or was stopped): never signal that id again.
    func release(_ groupID: pid_t) {
        post("-\(groupID)\n")
    }

    /// One line is one `send`: far below the socket's buffer, so it is never split; MSG_NOSIGNAL
    /// because a watchdog that died must not take dsbench with it (EPIPE is ignored: then only the
    /// next command's cleanup is left).
    private func post(_ line: String) {
        let socket = ensureStarted()
        guard socket >= 0 else { return }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func ensureStarted() -> Int32 {
        let (socket, spawn) = state.withLock { state -> (Int32, Int32?) in
            if state.started { return (state.socket, nil) }
            state.started = true
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
                return (-1, nil)
            }
            state.socket = pair[0]
            return (pair[0], pair[1])
        }
        if let spawn { start(reading: spawn) }
        return socket
    }

    /// What is written before the shell has started waits in the socket's buffer, so the caller
    /// never waits for the spawn.
    private func start(reading descriptor: Int32) {
        var options = PlatformOptions()
        options.createSession = true   // no terminal's Ctrl-C, no group signal meant for dsbench
        let script = Self.script(grace: grace)
        Task.detached {
            _ = try? await Subprocess.run(
                .path("/bin/sh"), arguments: ["-c", script, "dsbench-watchdog"],
                environment: .custom(["PATH": "/usr/bin:/bin"]), platformOptions: options,
                input: .fileDescriptor(FileDescriptor(rawValue: descriptor), closeAfterSpawningProcess: true),
                output: .discarded, error: .discarded)
        }
    }

    /// `+G` adds group G, `-G` removes it; end of input stops what is left. `kill` is a builtin,
    /// so the watchdog costs one process for the whole run.
    static func script(grace: Int) -> String {
        """
        groups=
        while IFS= read -r line; do
          case $line in
            +*) groups="$groups ${line#+}" ;;
            -*) kept=; for g in $groups; do [ "$g" = "${line#-}" ] || kept="$kept $g"; done; groups=$kept ;;
          esac
        done
        [ -n "$groups" ] || exit 0
        for g in $groups; do kill -TERM -$g 2>/dev/null; done
        sleep \(grace)
        for g in $groups; do kill -KILL -$g 2>/dev/null; done
        """
    }
}
