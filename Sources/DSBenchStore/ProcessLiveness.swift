#if canImport(Glibc)
import DSBenchCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a process id is in use on this host, for telling a live run from an abandoned one.
public enum ProcessLiveness {
    /// `kill(pid, 0)`: success or EPERM (exists, owned by someone else) means alive. A reused pid
    /// reads as alive, which errs on the safe side: a live run is never marked interrupted.
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) == 0 { return true }
        return errno == EPERM
    }
}
