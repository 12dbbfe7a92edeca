import DSBenchTestSupport
import Foundation

/// The built `dsbench` binary in a scratch folder with its own database, run as cron runs it.
struct DsbenchCLI {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
        var description: String { "exit \(status)\n--- stdout\n\(stdout.prefix(4000))\n--- stderr\n\(stderr.prefix(4000))" }
    }

    let scratch: URL
    var db: String { scratch.appendingPathComponent("dsbench.db").path }

    init(_ label: String) throws { scratch = try makeScratchDirectory("dsbench-monitoring-\(label)") }

    func remove() { try? FileManager.default.removeItem(at: scratch) }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try BuiltProduct.url()
        process.arguments = arguments + ["--db", db]
        process.currentDirectoryURL = scratch
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": scratch.path, "SWIFT_BACKTRACE": "enable=no",
                               "USER": "cron-test", "LANG": "C.UTF-8"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a full pipe would otherwise block the child forever.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A nightly suite as cron runs it: an all_reduce replaying `tonight.txt` and a DDP workload
    /// replaying the real 8×H200 torchrun capture with its profiler trace and metrics.
    func nightlySuite() throws -> String {
        let trace = path("ddp-trace.json.gz")
        try write("tonight.txt", try Fixtures.h200("b_all_reduce_8-8G_r1.txt"))
        return try write("nightly.yaml", """
            suite: nightly
            regression:
              baseline: auto
            steps:
              - name: allreduce
                command: [cat, \(path("tonight.txt"))]
                parser: nccl-tests
              - name: ddp
                workload: [sh, -c, 'cp \(Fixtures.url("h200-x8/ddp_trace_rank0_steps20-24.json.gz").path) \(trace) && cat \(Fixtures.url("h200-x8/h_ddp_step_torchrun.txt").path)']
                trace: \(trace)
                metrics:
                  - name: step_ms
                    regex: '^step \\d+ .*step_ms (?<step_ms>[0-9.]+)'
                    unit: ms
                    direction: lower
                    warmup: 5
                  - name: samples_per_s
                    regex: '^step \\d+ .*samples_per_s (?<samples_per_s>[0-9.]+)'
                    unit: samples/s
                    direction: higher
                    warmup: 5
            """)
    }
}
