import DSBenchCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Looks at real processes through /proc, so tests can prove that children and grandchildren are gone.
enum ProcessProbe {
    /// A pid counts as running unless it is gone or a zombie: a killed orphan may sit unreaped as a
    /// zombie if PID 1 of the container does not reap, but it no longer runs anything.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard pid > 1 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        guard let fields = statFields(pid) else { return false }
        return fields.state != "Z" && fields.state != "X"
    }

    /// Running (non-zombie) processes whose process group is `pgid`.
    static func runningMembers(ofGroup pgid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let fields = statFields(pid) else { return false }
            return fields.processGroup == pgid && fields.state != "Z" && fields.state != "X"
        }
    }

    /// Fields of /proc/PID/stat after the command name: state, ppid, pgrp.
    private static func statFields(_ pid: pid_t) -> (state: String, processGroup: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ")
        guard rest.count > 2, let group = pid_t(rest[2]) else { return nil }
        return (String(rest[0]), group)
    }

    /// Waits until `url` holds a pid (written by a test script), up to `seconds`.
    static func waitForPid(in url: URL, seconds: Double = 5) async throws -> pid_t {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOf: url, encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ProbeError.noPid(url.path)
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` ran out; says whether it held.
    static func waitUntil(seconds: Double = 5, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    enum ProbeError: Error { case noPid(String) }
}

/// Builders shared by the executor tests.
enum TestCommands {
    static func command(_ argv: [String], env: [EnvVar] = [], workingDirectory: String? = nil,
                        timeout: Double = 10, searchPaths: [String] = []) -> PlannedCommand {
        PlannedCommand(label: "test", argv: argv, env: env, workingDirectory: workingDirectory,
                       timeoutSeconds: timeout, searchPaths: searchPaths)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Writes an executable (mode 0755 unless told otherwise) shell script.
    @discardableResult
    static func writeScript(_ body: String, named name: String, in directory: URL,
                            permissions: Int = 0o755) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: url.path)
        return url
    }
}

