import Foundation

// Release-mode benchmarks of dsbench's parse and ingest paths (docs/performance.md):
//   swift run -c release dsbench-bench [--quick] [--json] [--fixtures DIR] [--repetitions N]

let options: BenchOptions
switch BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let parsed): options = parsed
case .failure(let error):
    if let message = error.message {
        FileHandle.standardError.write(Data(("dsbench-bench: \(message)\n" + BenchOptions.usage + "\n").utf8))
        exit(2)
    }
    print(BenchOptions.usage)
    exit(0)
}

/// Progress on stderr, so that `--json` output stays clean.
func progress(_ text: String) {
    FileHandle.standardError.write(Data(("dsbench-bench: " + text + "\n").utf8))
}

do {
    var machine = MachineInfo.current()
    if machine.build != "release" { progress("warning: not a release build; run with `swift run -c release dsbench-bench`") }
    let captures = try CaptureSet.locate(options.fixtures)
    let scratch = try makeBenchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let startedAt = ISO8601DateFormatter().string(from: Date())
    var results: [BenchmarkResult] = []
    let benchmarks: [(String, () throws -> BenchmarkResult)] = [
        ("parse.nccl-tests", { try ParseBenchmarks.ncclTests(captures, options) }),
        ("parse.dmon", { try ParseBenchmarks.dmon(captures, options) }),
        ("parse.nvbandwidth", { try NvbandwidthBenchmark.text(captures, options) }),
        ("parse.nvbandwidth-json", { try NvbandwidthBenchmark.json(captures, options) }),
        ("parse.ncu-raw", { try ProfileParseBenchmark.ncuRaw(captures, options) }),
        ("ingest.nccl_results", { try IngestBenchmarks.ncclResults(captures, options, scratch: scratch) }),
        ("ingest.dmon_samples", { try IngestBenchmarks.dmonSamples(captures, options, scratch: scratch) }),
        ("e2e.ingest", { try EndToEndBenchmark.run(captures, options, scratch: scratch) }),
    ] + HealthParseBenchmarks.cases.map { spec in
        (spec.id, { try HealthParseBenchmarks.run(spec.id, captures, options) })
    }
    for (name, benchmark) in benchmarks where options.selects(name) {
        progress("running \(name) …")
        let result = try benchmark()
        progress("  \(name): " + result.rates.map { humanRate($0.median, $0.unit) }.joined(separator: ", ") + " (median)")
        results.append(result)
    }
    machine.loadAverageEnd = MachineInfo.loadAverage()
    let report = BenchReport(machine: machine, quick: options.quick, startedAt: startedAt, results: results)
    print(options.json ? try report.json() : report.table())
    // A benchmark whose work went wrong (a row count off, a capture not parsed) measured something
    // else than it says: the run fails, whatever its rates.
    let checks = results.flatMap { result in result.notes.filter { $0.hasPrefix("CHECK:") }.map { "\(result.id): \($0)" } }
    if !checks.isEmpty {
        progress("FAILED: " + checks.joined(separator: "; ") + " — the rates above are not valid")
        exit(1)
    }
} catch {
    progress("error: \(error)")
    exit(1)
}
