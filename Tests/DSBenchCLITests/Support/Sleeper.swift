import DSBenchTestSupport
import Foundation

/// A stand-in command `sleeper SECONDS` that writes its pid, then becomes `sleep` (same pid), so a
/// test can wait until a step is really running and check afterwards that the process is gone.
struct Sleeper {
    let pidFile: URL

    init(standIns: StandIns) throws {
        pidFile = standIns.bin.deletingLastPathComponent().appendingPathComponent("sleeper.pid")
        try standIns.write("sleeper", "#!/bin/sh\necho $$ > '\(pidFile.path)'\nexec sleep \"$@\"")
    }

    var pid: pid_t? {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The sleeper's pid once it has started (nil after `timeout` seconds).
    func waitUntilRunning(timeout: Double = 20) async throws -> pid_t? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let pid { return pid }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// No such process, or only a zombie left for its parent to reap.
    static func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
