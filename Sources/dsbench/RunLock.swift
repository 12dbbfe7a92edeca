import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (flock(2)) on a file next to the database, so that two cron-started
/// `dsbench check` runs never overlap. The kernel drops the lock when the process exits, however it
/// exits, so a crashed run never leaves a stale lock behind; the file itself stays (removing it
/// would let a third process lock a different inode).
final class RunLock {
    private let descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor; self.path = path
    }

    enum Outcome {
        case acquired(RunLock)
        /// Someone else holds it; what they wrote into the file (pid and start time).
        case held(holder: String)
    }

    /// The lock file for a database: `<db>.lock`.
    static func path(forDatabase database: String) -> String { database + ".lock" }

    static func acquire(path: String) throws -> Outcome {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LockError(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            guard error == EWOULDBLOCK else {
                throw LockError(description: "cannot lock \(path): \(String(cString: strerror(error)))")
            }
            return .held(holder: holder.isEmpty ? "unknown process" : holder)
        }
        let note = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName) since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
        return .acquired(RunLock(descriptor: fd, path: path))
    }

    func release() {
        _ = ftruncate(descriptor, 0)
        close(descriptor)  // closing the last descriptor of the open file drops the flock
    }

    struct LockError: Error, CustomStringConvertible { let description: String }
}
