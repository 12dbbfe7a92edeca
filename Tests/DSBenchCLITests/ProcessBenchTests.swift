import DSBenchTestSupport
import Foundation
import Testing

/// Benchmarks/process-bench/interleave.py, which times every comparison of process-bench: a
/// compared command that fails gets no ratio, the output names it, and the exit status is 1.
@Suite struct ProcessBenchTests {
    static let script = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Benchmarks/process-bench/interleave.py").path

    static func interleave(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--title", "t", "--runs", "2", "--warmup", "0"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test func aFailedCommandGetsNoRatio() throws {
        let failed = try Self.interleave(["--ratio-to", "ok", "--case", "ok", "--", "/bin/true",
                                          "--case", "broken", "--", "/bin/sh", "-c", "echo locked >&2; exit 3"])
        #expect(failed.status == 1, "\(failed.stdout)")
        #expect(failed.stdout.contains("FAILED: exit status 3"), "\(failed.stdout)")
        #expect(failed.stdout.contains("locked"), "the failure's stderr is quoted\n\(failed.stdout)")
        #expect(failed.stdout.contains("no ratio: broken failed"), "\(failed.stdout)")
        #expect(!failed.stdout.contains("÷"), "\(failed.stdout)")

        let passed = try Self.interleave(["--ratio-to", "a", "--case", "a", "--", "/bin/true",
                                          "--case", "b", "--", "/bin/true"])
        #expect(passed.status == 0, "\(passed.stdout)")
        #expect(passed.stdout.contains("b median ÷ a median"), "\(passed.stdout)")
    }
}
