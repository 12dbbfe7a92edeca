import DSBenchTestSupport
import Foundation
import Subprocess
import Testing
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// What one `dsbench` invocation did, as an operator's shell would see it.
struct CLIResult: Sendable, CustomStringConvertible {
    /// The exit status; 128 + signal number when the process was killed by a signal.
    var status: Int32
    var stdout: String
    var stderr: String
    /// Seconds from spawn to exit.
    var seconds: Double

    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    var lastStdoutLine: String? { stdoutLines.last }

    /// The run id that `run` and `ingest` print as their last stdout line.
    var runID: Int64? { lastStdoutLine.flatMap { Int64($0) } }

    /// Everything, for `#expect` comments: a failing assertion shows what the binary said.
    var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Runs the built `dsbench` binary in a controlled environment: nothing is inherited from the
/// test process (no DSBENCH_DB, no PATH with GPUs tools) unless a test puts it there.
struct CLI: Sendable {
    /// The repository root, found from this file, so shipped suites and captures can be named.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // DSBenchCLITests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()

    /// The scratch folder: the default working directory and home of the default database.
    let scratch: URL
    /// `PATH` of the child; `/usr/bin:/bin` keeps any real `nvidia-smi` out.
    var path = "/usr/bin:/bin"
    /// Extra variables (DSBENCH_DB, …).
    var extraEnvironment: [String: String] = [:]
    /// Run dsbench as this user and group (root only: a test of another user's files).
    var identity: (uid: uid_t, gid: gid_t)?
    /// A full disk without a small filesystem: RLIMIT_FSIZE (`ulimit -f`, SIGXFSZ ignored) makes
    /// every write past this many bytes fail with EFBIG, as ENOSPC would past the disk's end.
    var fileSizeLimit: Int?

    var db: URL { scratch.appendingPathComponent("dsbench.db") }

    init(scratch: URL) { self.scratch = scratch }

    /// A fresh scratch folder for one test.
    static func make(_ label: String) throws -> CLI {
        CLI(scratch: try makeScratchDirectory("dsbench-cli-\(label)"))
    }

    func removeScratch() { try? FileManager.default.removeItem(at: scratch) }

    var environment: [String: String] {
        var env = ["PATH": path, "HOME": scratch.path, "SWIFT_BACKTRACE": "enable=no", "LANG": "C.UTF-8"]
        if let user = ProcessInfo.processInfo.environment["USER"] { env["USER"] = user }
        for (key, value) in extraEnvironment { env[key] = value }
        return env
    }

    /// `dsbench ARGS --db <scratch>/dsbench.db` (pass `withDB: false` to leave the database choice
    /// to the environment or the default).
    func run(_ arguments: [String], withDB: Bool = true, cwd: URL? = nil, stdin: [UInt8] = []) async throws -> CLIResult {
        try await spawn(arguments + (withDB ? ["--db", db.path] : []), cwd: cwd ?? scratch, stdin: stdin) { _ in }
    }

    /// Runs dsbench and hands its pid to `whileRunning` (to signal it) before waiting for its exit.
    /// Standard input is `stdin`, then end of file.
    func spawn(_ arguments: [String], cwd: URL, stdin: [UInt8] = [],
               whileRunning: (pid_t) async throws -> Void) async throws -> CLIResult {
        let binary = try Self.binary()
        var env: [Environment.Key: String] = [:]
        for (key, value) in environment {
            guard let k = Environment.Key(rawValue: key) else { continue }
            env[k] = value
        }
        let started = Date()
        var options = PlatformOptions()
        if let identity {
            options.supplementaryGroups = []
            options.groupID = identity.gid
            options.userID = identity.uid
        }
        var executable = binary.path, argv = arguments
        if let fileSizeLimit {
            // dash counts `ulimit -f` in 512-byte blocks; an ignored signal stays ignored across exec.
            executable = "/bin/sh"
            argv = ["-c", "trap '' XFSZ; ulimit -f \(fileSizeLimit / 512); exec \"$0\" \"$@\"", binary.path] + arguments
        }
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(argv), environment: .custom(env),
            workingDirectory: FilePath(cwd.path), platformOptions: options, input: .array(stdin),
            output: .bytes(limit: 64 << 20), error: .bytes(limit: 64 << 20)
        ) { execution in
            try await whileRunning(execution.processIdentifier.value)
        }
        let status: Int32
        switch result.terminationStatus {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        }
        return CLIResult(status: status,
                         stdout: String(decoding: result.standardOutput, as: UTF8.self),
                         stderr: String(decoding: result.standardError, as: UTF8.self),
                         seconds: Date().timeIntervalSince(started))
    }

    /// The `dsbench` executable SwiftPM built next to the test bundle.
    static func binary() throws -> URL { try BuiltProduct.url() }

    /// Writes a file into the scratch folder and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let url = scratch.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Parses JSON text that dsbench printed; fails the test with the text if it is not JSON.
func parseJSON(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
    do {
        return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    } catch {
        Issue.record("not JSON: \(error)\n\(text.prefix(2000))", sourceLocation: sourceLocation)
        throw error
    }
}
