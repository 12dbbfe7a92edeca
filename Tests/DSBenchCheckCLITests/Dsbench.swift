import DSBenchTestSupport
import Foundation
import Testing

/// The built `dsbench` binary, run as a child process the way cron or an operator runs it.
struct Dsbench {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
        var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    let scratch: URL
    var db: String { scratch.appendingPathComponent("dsbench.db").path }

    init(_ label: String) throws { scratch = try makeScratchDirectory("dsbench-check-\(label)") }

    func remove() { try? FileManager.default.removeItem(at: scratch) }

    /// `.build/debug/dsbench`, next to the test bundle SwiftPM built.
    static func binary() throws -> URL { try BuiltProduct.url() }

    /// Starts `dsbench ARGS --db <scratch>/dsbench.db` without waiting.
    func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = arguments + ["--db", db]
        process.currentDirectoryURL = scratch
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": scratch.path, "SWIFT_BACKTRACE": "enable=no",
                               "USER": "cron-test", "LANG": "C.UTF-8"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> Result {
        let (process, out, err) = started
        // Read before waiting: a full pipe would otherwise block the child forever.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result { Self.finish(try start(arguments)) }

    /// `dsbench ingest nccl-tests FILE`; returns the new run id.
    func ingest(_ file: String, extra: [String] = []) throws -> String {
        let result = try run(["ingest", "nccl-tests", file] + extra)
        guard result.status == 0, Int64(result.lastLine) != nil else {
            throw DsbenchError(description: "ingest of \(file) failed: \(result)")
        }
        return result.lastLine
    }

    static func capture(_ name: String) -> String { Fixtures.url("h200-x8/" + name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

struct DsbenchError: Error, CustomStringConvertible { let description: String }
