// The monitoring export at fleet scale (issue 17: a run of 64 nodes × 7 collectives in < 100 ms):
// 64 nodes × 7 collectives × 31 sizes (13 888 nccl-tests rows) and nvidia-smi dmon at 1 s on 8 GPUs
// beside every step (a nightly's telemetry, which the export must not pay for), stored through the
// store's own write path, judged once with the verdict stored (as `check` leaves it), then timed:
// reading the stored verdict, loading the metrics from the store, rendering the Prometheus text
// and OpenMetrics, and writing the file atomically. Results go into docs/performance.md.
//
//   swift run -c release export-bench [--nodes 64] [--dmon-seconds 600] [--repeats 20] [--keep DB]
//
// --keep leaves the database at DB, to time the command itself:
//   time .build/release/dsbench export prometheus latest -o /tmp/fleet.prom --db DB
import DSBenchAnalyze
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchVerdict
import Foundation

var nodes = 64, repeats = 20, dmonSeconds = 600
var keep: String? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--nodes": nodes = Int(arguments.next() ?? "") ?? nodes
    case "--repeats": repeats = Int(arguments.next() ?? "") ?? repeats
    case "--dmon-seconds": dmonSeconds = Int(arguments.next() ?? "") ?? dmonSeconds
    case "--keep": keep = arguments.next()
    default: print("unknown argument \(argument)"); exit(64)
    }
}

let collectives = ["all_reduce", "all_gather", "reduce_scatter", "alltoall", "broadcast", "reduce", "sendrecv"]
let sizes = (3...33).map { Int64(1) << Int64($0) }  // 8 B … 8 GiB: 31 sizes

func now() -> Double { Date().timeIntervalSince1970 }
/// CPU seconds of this process (user + system).
func cpu() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try Store.open(path: keep ?? directory.appendingPathComponent("bench.db").path)

let seedStart = now()
let start = Date(timeIntervalSince1970: 1_795_341_600)
let runID = try store.createRun(NewRun(suiteName: "fleet-bench", suiteHash: "", startedAt: start, dsbenchVersion: "bench"))
var generator = SystemRandomNumberGenerator()
for n in 0..<nodes {
    let node = "gpu-\(String(format: "%03d", n + 1))"
    try store.recordNode(runID: runID, name: node)
    let planned = collectives.enumerated().map { c, collective in
        PlannedStep(seq: n * collectives.count + c, name: collective, kind: .nccl, node: node,
                    commands: [PlannedCommand(label: "main", argv: ["\(collective)_perf"], timeoutSeconds: 0, parser: .ncclTests)])
    }
    let stepIDs = try store.insertPlannedSteps(runID: runID, steps: planned)
    // One node in 16 runs at 60 %: the fleet check fails it, so the verdict has failed checks to count.
    let nodeFactor = n % 16 == 5 ? 0.6 : 1.0
    for (c, stepID) in stepIDs.enumerated() {
        let rows = sizes.enumerated().map { line, size in
            let busbw = 360 * Double(size) / (Double(size) + 4_194_304) * nodeFactor * Double.random(in: 0.98...1.02, using: &generator)
            let timeUs = max(Double(size) / (busbw / 1.75 * 1e3), 5)
            let measurement = NcclTestsMeasurement(timeUs: timeUs, algbw: busbw / 1.75, busbw: busbw, wrong: 0)
            return NcclTestsRow(size: size, count: size / 4, type: "float", redop: "sum", root: -1,
                                outOfPlace: measurement, inPlace: measurement, line: line + 1)
        }
        let report = NcclTestsReport(program: "\(collectives[c])_perf", testsVersion: "2.19.6", ncclVersion: "2.28.9",
                                     rows: rows, outOfBounds: 0, outOfBoundsOK: true, avgBusBandwidth: 100, complete: true)
        let stepSeconds = dmonSeconds / collectives.count
        var samples: [DmonSample] = []
        for second in 0..<stepSeconds {
            let t = c * stepSeconds + second
            let stamp = start.addingTimeInterval(Double(t))
            let text = ISO8601DateFormatter.string(from: stamp, timeZone: TimeZone(identifier: "UTC")!,
                                                   formatOptions: [.withFullDate, .withSpaceBetweenDateAndTime, .withTime, .withColonSeparatorInTime])
            for gpu in 0..<8 {
                samples.append(DmonSample(gpu: gpu, round: t, timestamp: text, values: [
                    "sm": Double.random(in: 85...100, using: &generator), "pwr": Double.random(in: 550...690, using: &generator),
                    "gtemp": 62, "mem": 30, "pclk": 1980,
                ], line: t * 8 + gpu + 1))
            }
        }
        let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: node, [
            ArtifactInput(name: "main.stdout", parser: .ncclTests, bytes: Array("bench".utf8)),
            ArtifactInput(name: "dmon.stdout", parser: .dmon, bytes: Array("bench".utf8)),
        ])
        let stepStart = start.addingTimeInterval(Double(c * stepSeconds))
        try store.finishStep(StepCompletion(
            stepID: stepID, status: .completed, startedAt: stepStart, endedAt: stepStart.addingTimeInterval(Double(stepSeconds)),
            parsed: [(artifactID: ids[0], records: .ncclTests(report)),
                     (artifactID: ids[1], records: .dmon(DmonCapture(columns: ["gpu", "sm", "mem", "pwr", "gtemp", "pclk"], samples: samples)))]))
    }
}
try store.finishRun(id: runID, status: .completed, endedAt: start.addingTimeInterval(Double(max(dmonSeconds, 60))))
let judgeStart = now()
let judged = try RunJudgement.judge(runID: runID, baseline: nil, baselineRequired: false, judgedBy: "check", record: true, store: store)
print("seeded \(nodes) nodes × \(collectives.count) collectives × \(sizes.count) sizes, \(nodes * 8 * (dmonSeconds / collectives.count) * collectives.count) dmon samples in \(String(format: "%.1f", judgeStart - seedStart)) s; "
      + "judged in \(String(format: "%.1f", now() - judgeStart)) s: \(judged.verdict.status.rawValue), \(judged.verdict.checks.count) checks, "
      + "\(judged.verdict.checks(.fail).count) failed")

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func f(_ v: Double) -> String { String(format: "%.1f", v * 1000) }

let file = directory.appendingPathComponent("dsbench-fleet-bench.prom").path
var phases: [String: (wall: [Double], cpu: [Double])] = [:]
@MainActor func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let t0 = now(), c0 = cpu()
    let value = try body()
    phases[name, default: ([], [])].wall.append(now() - t0)
    phases[name, default: ([], [])].cpu.append(cpu() - c0)
    return value
}
var samples = 0, bytes = 0, openBytes = 0
for _ in 0..<max(repeats, 1) {
    let t0 = now(), c0 = cpu()
    let judgement = try time("stored verdict (RunJudgement.current)") { try RunJudgement.current(runID: runID, store: store) }
    let model = try time("load: store → metrics (MonitoringData.load)") {
        try MonitoringData.load(runID: runID, judgement: judgement, exporterVersion: "bench", store: store)
    }
    let text = time("render Prometheus text") { PrometheusText().render(model) }
    try time("write atomically (temp file, fsync, rename)") { try ExportFile.writeAtomically(text, to: file) }
    phases["total: export prometheus -o FILE", default: ([], [])].wall.append(now() - t0)
    phases["total: export prometheus -o FILE", default: ([], [])].cpu.append(cpu() - c0)
    let open = time("render OpenMetrics (not in the total)") { OpenMetricsText().render(model) }
    samples = model.families.reduce(0) { $0 + $1.samples.count }
    bytes = text.utf8.count; openBytes = open.utf8.count
}
print("\(samples) series in \(bytes) bytes (OpenMetrics \(openBytes) bytes); medians of \(repeats): wall ms / CPU ms")
for name in ["stored verdict (RunJudgement.current)", "load: store → metrics (MonitoringData.load)", "render Prometheus text",
             "write atomically (temp file, fsync, rename)", "total: export prometheus -o FILE", "render OpenMetrics (not in the total)"] {
    let phase = phases[name] ?? ([0], [0])
    print("\(name): \(f(median(phase.wall))) / \(f(median(phase.cpu)))")
}
// Where the load goes (CPU ms of one warm pass each).
do {
    let judgement = try RunJudgement.current(runID: runID, store: store)
    var c = cpu()
    func lap(_ name: String) { let now = cpu(); print("part: \(name) CPU \(f(now - c)) ms"); c = cpu() }
    _ = try store.runOverview(id: runID); lap("runOverview")
    _ = try store.metrics(runID: runID); lap("metrics rows")
    let rows = try store.busbwRows(runIDs: [runID]); lap("busbwRows (\(rows.count) rows)")
    _ = BusbwSamples.admitted(rows); lap("plausibility gate")
    let input = try MonitoringData.input(runID: runID, judgement: judgement, exporterVersion: "bench", store: store); lap("input, all of it")
    _ = MonitoringMetrics.families(input); lap("families")
    _ = try store.runDetail(id: runID); lap("for comparison: runDetail (with its per-step sample counts)")
}
