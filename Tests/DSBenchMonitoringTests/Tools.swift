import DSBenchTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real Prometheus tools from Debian (`prometheus`, `prometheus-node-exporter`,
/// `prometheus-pushgateway`; `.ci/run` installs them), started by posix_spawn with an empty signal
/// mask (Foundation.Process from a test thread passes on a blocked one, and SIGTERM would not stop
/// them) and stopped by their pid.
enum Tools {
    static let promtool = "/usr/bin/promtool"
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"
    static let pushgateway = "/usr/bin/prometheus-pushgateway"

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs to completion; stdout and stderr together.
    static func run(_ path: String, _ arguments: [String], stdin: String? = nil) throws -> (status: Int32, output: String) {
        let scratch = FileManager.default.temporaryDirectory
        let log = scratch.appendingPathComponent("tool-\(UUID().uuidString).log").path
        let input = scratch.appendingPathComponent("tool-\(UUID().uuidString).in").path
        defer { unlink(log); unlink(input) }
        try Data((stdin ?? "").utf8).write(to: URL(fileURLWithPath: input))
        let pid = try spawn(path, arguments, stdinPath: input, outputPath: log)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }

    static func spawn(_ path: String, _ arguments: [String], stdinPath: String = "/dev/null", outputPath: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// GET over loopback: status and body; nil when nothing answers.
    static func get(_ url: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: url) else { return nil }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        guard let (data, response) = try? await session.data(from: url), let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }
}

/// A server the test starts on a loopback port and stops by pid: node_exporter, the Pushgateway.
final class Daemon {
    let pid: pid_t
    let port: Int
    let log: String

    /// Test ports come from below Linux's ephemeral range (docs/testing.md), so no client socket
    /// holds one; a port another process holds makes the server exit, and another port is tried.
    static let portRange = 20_000...32_000

    /// Starts `path` with the arguments `arguments(port)` and returns once `readyPath` answers 200
    /// (the server is serving), trying another port when it exits first (the port was taken).
    static func start(_ path: String, scratch: URL, readyPath: String, arguments: (Int) -> [String]) async throws -> Daemon {
        var lastLog = ""
        for _ in 0..<8 {
            let port = Int.random(in: portRange)
            let log = scratch.appendingPathComponent("\((path as NSString).lastPathComponent)-\(port).log").path
            let pid = try Tools.spawn(path, arguments(port), outputPath: log)
            let daemon = Daemon(pid: pid, port: port, log: log)
            // Waits on the event itself: an HTTP answer, or the process gone. 60 s is room for a loaded machine.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if let answer = await Tools.get("http://127.0.0.1:\(port)\(readyPath)"), answer.status == 200 { return daemon }
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { break }
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            lastLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            daemon.stop()
        }
        throw Tools.Failure(description: "\(path) did not start serving: \(lastLog.suffix(2000))")
    }

    private init(pid: pid_t, port: Int, log: String) { self.pid = pid; self.port = port; self.log = log }

    var base: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM, then SIGKILL if it has not exited after 10 s; reaps it.
    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid || (rc == -1 && errno == ECHILD) { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
}
