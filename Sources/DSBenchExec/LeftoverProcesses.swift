import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Processes a dead dsbench left running, found by the run's token in their environment.
///
/// A pid or process-group id stored in the database may belong to somebody else by the time a
/// later command reads it (ids are reused), and dsbench often runs as root; the token cannot be
/// reused. Every local process of a run inherits it (`LocalExecutor` environment), including
/// grandchildren that did not clear their environment.
public enum LeftoverProcesses {
    public static let variable = "DSBENCH_RUN_TOKEN"

    /// A fresh token for one run.
    public static func newToken() -> String { UUID().uuidString.lowercased() }

    /// Pids of this host's processes whose environment carries `token` (never this process).
    public static func carrying(_ token: String) -> [pid_t] {
        #if os(Linux)
        let needle = Array("\(variable)=\(token)".utf8)
        let own = getpid()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return names.compactMap { pid_t($0) }.filter { pid in
            guard pid != own, let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environ.split(separator: 0, omittingEmptySubsequences: true).contains { $0.elementsEqual(needle) }
        }.sorted()
        #else
        return []
        #endif
    }

    /// SIGTERM to every process carrying `token`, up to `grace` seconds for them to go, then
    /// SIGKILL. Returns the pids it found.
    @discardableResult
    public static func stop(token: String, grace: Double = 2) -> [pid_t] {
        let found = carrying(token)
        guard !found.isEmpty else { return [] }
        for pid in found { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline, !carrying(token).isEmpty { usleep(20_000) }
        for pid in carrying(token) { kill(pid, SIGKILL) }
        return found
    }
}
