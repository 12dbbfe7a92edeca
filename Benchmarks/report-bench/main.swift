// Report rendering at fleet scale: 64 nodes × 7 collectives × 31 sizes, and one hour of 1 s
// nvidia-smi dmon on 8 GPUs per node (1.84 M samples), stored in SQLite through the store's own
// write path; then the time to load the report model from the store and to render each format,
// and the size of each file. Results go into docs/performance.md.
//
//   swift run -c release report-bench [--nodes 64] [--seconds 3600] [--repeats 3] [--out DIR]
import DSBenchCore
import DSBenchReport
import DSBenchStore
import DSBenchVerdict
import Foundation

var nodes = 64, seconds = 3600, repeats = 3
var outDir: String? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--nodes": nodes = Int(arguments.next() ?? "") ?? nodes
    case "--seconds": seconds = Int(arguments.next() ?? "") ?? seconds
    case "--repeats": repeats = Int(arguments.next() ?? "") ?? repeats
    case "--out": outDir = arguments.next()
    default: print("unknown argument \(argument)"); exit(64)
    }
}

let collectives = ["all_reduce", "all_gather", "reduce_scatter", "alltoall", "broadcast", "reduce", "sendrecv"]
let sizes = (3...33).map { Int64(1) << Int64($0) }  // 8 B … 8 GiB: 31 sizes
let gpus = 8

func now() -> Double { Date().timeIntervalSince1970 }
/// CPU seconds of this process (user + system): what the work costs, whatever else the machine runs.
func cpu() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try Store.open(path: directory.appendingPathComponent("bench.db").path)

let seedStart = now()
let start = Date(timeIntervalSince1970: 1_795_341_600)
let runID = try store.createRun(NewRun(suiteName: "fleet-bench", suiteHash: "", startedAt: start, dsbenchVersion: "bench"))
let stepSeconds = seconds / collectives.count
var generator = SystemRandomNumberGenerator()
for n in 0..<nodes {
    let node = "gpu-\(String(format: "%03d", n + 1))"
    try store.recordNode(runID: runID, name: node)
    let planned = collectives.enumerated().map { c, collective in
        PlannedStep(seq: n * collectives.count + c, name: collective, kind: .nccl, node: node,
                    commands: [PlannedCommand(label: "main", argv: ["\(collective)_perf"], timeoutSeconds: 0, parser: .ncclTests)])
    }
    let stepIDs = try store.insertPlannedSteps(runID: runID, steps: planned)
    // One node in 16 runs at 60 %: the heatmap's reason to exist.
    let nodeFactor = n % 16 == 5 ? 0.6 : 1.0
    for (c, stepID) in stepIDs.enumerated() {
        let rows = sizes.enumerated().map { line, size in
            let busbw = 360 * Double(size) / (Double(size) + 4_194_304) * nodeFactor * Double.random(in: 0.98...1.02, using: &generator)
            let measurement = NcclTestsMeasurement(timeUs: 10, algbw: busbw / 1.75, busbw: busbw, wrong: 0)
            return NcclTestsRow(size: size, count: size / 4, type: "float", redop: "sum", root: -1,
                                outOfPlace: measurement, inPlace: measurement, line: line + 1)
        }
        let report = NcclTestsReport(program: "\(collectives[c])_perf", testsVersion: "2.19.6", ncclVersion: "2.28.9",
                                     rows: rows, outOfBounds: 0, outOfBoundsOK: true, avgBusBandwidth: 100, complete: true)
        var samples: [DmonSample] = []
        samples.reserveCapacity(stepSeconds * gpus)
        for second in 0..<stepSeconds {
            let t = c * stepSeconds + second
            let stamp = start.addingTimeInterval(Double(t))
            let text = ISO8601DateFormatter.string(from: stamp, timeZone: TimeZone(identifier: "UTC")!,
                                                   formatOptions: [.withFullDate, .withSpaceBetweenDateAndTime, .withTime, .withColonSeparatorInTime])
            for gpu in 0..<gpus {
                let busy = second % 60 < 50
                samples.append(DmonSample(gpu: gpu, round: t, timestamp: text, values: [
                    "sm": busy ? Double.random(in: 85...100, using: &generator) : 0,
                    "pwr": busy ? Double.random(in: 550...690, using: &generator) : 120, "gtemp": busy ? 62 : 40,
                    "mem": busy ? 30 : 0, "pclk": busy ? 1980 : 345,
                ], line: t * gpus + gpu + 1))
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
try store.finishRun(id: runID, status: .completed, endedAt: start.addingTimeInterval(Double(seconds)))
let seeded = now() - seedStart
print("seeded \(nodes) nodes × \(collectives.count) collectives × \(sizes.count) sizes, \(nodes * gpus * stepSeconds * collectives.count) dmon samples in \(String(format: "%.1f", seeded)) s")

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

// The report renders a verdict; judging is timed by regression-bench, so a fixed one stands in.
let judgement = Judgement(verdict: Verdict(runID: runID, suite: "report-bench", status: .pass, reason: "benchmark",
                                           baseline: nil, checks: []))

// Where the load time goes: the two bulk reads alone.
do {
    let t0 = now()
    var count = 0
    let c0 = cpu()
    try store.forEachDmonSample(runID: runID, columns: ["sm", "mem", "pwr", "gtemp", "pclk"]) { _ in count += 1 }
    let t1 = now(), c1 = cpu()
    let rows = try store.busbwRows(runIDs: [runID])
    let c2 = cpu()
    _ = try ShowData.load(runID: runID, judgement: judgement, store: store)
    let c3 = cpu()
    _ = try store.runDetail(id: runID)
    print("parts: of which runDetail CPU \(String(format: "%.3f", cpu() - c3))")
    print("parts: run view (steps, inventory, #wrong check) CPU \(String(format: "%.3f", cpu() - c2))")
    print("parts: dmon stream \(count) rows \(String(format: "%.3f", t1 - t0)) s (CPU \(String(format: "%.3f", c1 - c0))), "
          + "busbw rows \(rows.count) \(String(format: "%.3f", now() - t1)) s")
}
var loads: [Double] = [], renders: [ReportFormat: [Double]] = [:], bytes: [ReportFormat: Int] = [:]
var loadCPU: [Double] = [], renderCPU: [ReportFormat: [Double]] = [:]
var model: ReportModel? = nil
for _ in 0..<max(repeats, 1) {
    let t0 = now(), c0 = cpu()
    let loaded = try ReportData.load(runID: runID, store: store, options: ReportOptions(judgement: judgement))
    loads.append(now() - t0); loadCPU.append(cpu() - c0)
    for format in ReportFormat.allCases {
        let t1 = now(), c1 = cpu()
        let text = format.renderer.render(loaded)
        renders[format, default: []].append(now() - t1); renderCPU[format, default: []].append(cpu() - c1)
        bytes[format] = text.utf8.count
    }
    model = loaded
}
if let outDir, let model { _ = try ReportWriter.write(model, formats: ReportFormat.allCases, to: outDir) }
func f(_ v: Double) -> String { String(format: "%.3f", v) }
print("medians of \(loads.count): wall s / CPU s")
print("load (store → model): \(f(median(loads))) / \(f(median(loadCPU)))")
for format in ReportFormat.allCases {
    let size = bytes[format] ?? 0
    print("render \(format.rawValue): \(f(median(renders[format] ?? [0]))) / \(f(median(renderCPU[format] ?? [0]))), \(size) bytes (\(String(format: "%.2f", Double(size) / 1_048_576)) MiB)")
}
let total = median(loads) + ReportFormat.allCases.reduce(0) { $0 + median(renders[$1] ?? [0]) }
let totalCPU = median(loadCPU) + ReportFormat.allCases.reduce(0) { $0 + median(renderCPU[$1] ?? [0]) }
print("load + all three formats: \(f(total)) / \(f(totalCPU))")
if let model {
    print("dmon: \(model.dmon.count) charts, \(model.dmon.reduce(0) { $0 + $1.rawPoints }) samples, \(model.dmon.reduce(0) { $0 + $1.plottedPoints }) drawn")
}
