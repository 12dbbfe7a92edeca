import Foundation

/// One `run` at a time per database (exit 75 for the second): two suites running at once on a node
/// would measure each other's traffic, and the second should learn it before it starts, not from
/// odd numbers afterwards. An `flock` on `<db>.lock`, which the kernel releases however dsbench
/// ends (even SIGKILL), so a crash never leaves a lock behind.
///
/// The commands that change what a running run reads or writes take the same lock, or exit 75:
/// `reparse`, `ingest --run`, `compare`, `baseline set` and `baseline rm`.
///
/// `RunSession` takes it for a run; the CLI's commands take it for the rest. A refusal says what
/// to do in words; which exit code it is stays the CLI's.
///
/// The lock belongs to the database's real path (symlinks resolved), so `--db link.db` and
/// `--db real.db` are one lock. SQLite itself names the `-wal` and `-shm` files after the path it
/// was given, so two names of one file that a symlink does not explain (hard links, bind mounts)
/// would already corrupt the database: the resolved path is the identity SQLite can honour.
public final class RunLock {
    private var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// The lock could not be taken; `description` is the sentence for the user.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public enum Reason: Sendable {
            /// The lock file cannot be opened (permissions): nothing can be locked.
            case unavailable
            /// Another run (or a command that changes what a run uses) holds it.
            case held
        }
        public let reason: Reason
        public let description: String
    }

    /// The lock file of `database`: `<real path>.lock`.
    static func lockPath(database: String) -> String {
        if let resolved = realpath(database, nil) {
            defer { free(resolved) }
            return String(cString: resolved) + ".lock"
        }
        return database + ".lock"
    }

    /// - Parameter purpose: what the command would do, for the refusal (`reparse rewrites run 3`).
    public static func acquire(database: String, purpose: String? = nil) throws(Refusal) -> RunLock {
        let path = lockPath(database: database)
        // O_CLOEXEC: a benchmark started by this run must not inherit (and outlive us holding) the lock.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Refusal(reason: .unavailable, description: "cannot open the lock file \(path): \(String(cString: strerror(errno))); "
                + "check its permissions or use --db to point at another database")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let holder = Int32(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
            throw Refusal(reason: .held, description: (purpose.map { "\($0) would change what a running run uses: " } ?? "")
                + "another dsbench run\(holder.map { " (pid \($0))" } ?? "") holds \(path); "
                + "wait for it to finish, or use --db for a separate database")
        }
        // The holder's pid, for the message above; the lock itself is the flock, not this text.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        return RunLock(descriptor: fd)
    }

    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
