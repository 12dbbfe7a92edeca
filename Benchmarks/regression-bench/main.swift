// Regression-detection benchmark: a year of nightly all_reduce sweeps on 64 nodes, generated into a
// temporary SQLite file through the store's own APIs, then timed: compare one night with a named
// baseline and with `auto`, the fleet check of one night, and the trend over the year. The last
// `--iteration-nights` nights also carry `-I 1` per-iteration times (`--iterations` per row half),
// as a `-J` JSON of nccl-tests ≥ 2.19.2 would, and are compared on per-iteration samples.
//
//   swift run -c release dsbench-regression-bench [CAPTURE] [--nights N] [--nodes N]
//       [--iteration-nights N] [--iterations N]
//
// CAPTURE defaults to Tests/Fixtures/h200-x8/b_all_reduce_8-8G_r1.txt (31 sizes, 8 B … 8 GiB).
import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchEngine
import DSBenchCore
import DSBenchParse
import DSBenchStore
import DSBenchVerdict
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else {
        return fallback
    }
    arguments.removeSubrange(index...(index + 1))
    return value
}
let nights = option("--nights", 365)
let nodeCount = option("--nodes", 64)
let iterationNights = option("--iteration-nights", 30)
let iterationCount = option("--iterations", 20)
let capturePath = arguments.first ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/Fixtures/h200-x8/b_all_reduce_8-8G_r1.txt").path

guard let bytes = FileManager.default.contents(atPath: capturePath),
      case .ncclTests(let capture) = Parsers.parse(.ncclTests, Array(bytes)) else {
    FileHandle.standardError.write(Data("cannot read an nccl-tests capture at \(capturePath)\n".utf8))
    exit(2)
}

/// Deterministic noise in [−1, 1] (SplitMix64), so every run of the benchmark sees the same year.
struct Noise {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 52) * 2 - 1
    }
}

/// The capture with every bandwidth × factor and every time ÷ factor.
func scaled(_ report: NcclTestsReport, by factor: Double) -> NcclTestsReport {
    var copy = report
    copy.rows = report.rows.map { row in
        var row = row
        func scale(_ m: NcclTestsMeasurement) -> NcclTestsMeasurement {
            var m = m
            m.busbw = m.busbw.map { $0 * factor }; m.algbw = m.algbw.map { $0 * factor }
            m.timeUs = m.timeUs.map { $0 / factor }
            return m
        }
        row.outOfPlace = scale(row.outOfPlace)
        row.inPlace = row.inPlace.map(scale)
        return row
    }
    return copy
}

/// Per-iteration times around each half's mean time (±1 %), as `-I 1` records them.
func withIterations(_ report: NcclTestsReport, count: Int, noise: inout Noise) -> NcclTestsReport {
    var copy = report
    for index in copy.rows.indices {
        if let time = copy.rows[index].outOfPlace.timeUs {
            copy.rows[index].outOfPlace.iterTimesUs = (0..<count).map { _ in time * (1 + 0.01 * noise.next()) }
            copy.rows[index].outOfPlace.iterSkipped = 0
        }
        if let time = copy.rows[index].inPlace?.timeUs {
            copy.rows[index].inPlace?.iterTimesUs = (0..<count).map { _ in time * (1 + 0.01 * noise.next()) }
            copy.rows[index].inPlace?.iterSkipped = 0
        }
    }
    return copy
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dsbench-regression-bench-\(getpid())")
let path = directory.appendingPathComponent("year.db").path
defer { try? FileManager.default.removeItem(at: directory) }
let store = try Store.open(path: path)
let nodes = (1...nodeCount).map { String(format: "gpu-%03d", $0) }
let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
var noise = Noise(state: 42)
// A 3 % drop from night 200 on: under the 5 % bandwidth tolerance, for the trend to find.
let stepNight = nights * 200 / 365
var runIDs: [Int64] = []
let generation = try seconds {
    for night in 0..<nights {
        let date = start.addingTimeInterval(Double(night) * 86_400)
        let runID = try store.createRun(NewRun(suiteName: "nightly", suiteHash: "bench", source: .run, startedAt: date,
                                               dsbenchVersion: "bench", user: "cron", host: "head", pid: nil))
        let steps = nodes.enumerated().map { index, node in
            PlannedStep(seq: index, name: "allreduce", kind: .nccl, node: node,
                        commands: [PlannedCommand(label: "main", argv: ["all_reduce_perf", "-b", "8", "-e", "8G"],
                                                  timeoutSeconds: 600, parser: .ncclTests)])
        }
        let stepIDs = try store.insertPlannedSteps(runID: runID, steps: steps)
        for (node, stepID) in zip(nodes, stepIDs) {
            let artifact = try store.storeArtifacts(runID: runID, stepID: stepID, node: node,
                                                    [ArtifactInput(name: "main.stdout", parser: .ncclTests, bytes: [])])
            let level = night >= stepNight ? 0.97 : 1.0
            var report = scaled(capture, by: level * (1 + 0.005 * noise.next()))
            if night >= nights - iterationNights { report = withIterations(report, count: iterationCount, noise: &noise) }
            try store.finishStep(StepCompletion(stepID: stepID, status: .completed, startedAt: date, endedAt: date,
                                                parsed: [(artifactID: artifact[0], records: .ncclTests(report))]))
        }
        try store.finishRun(id: runID, status: .completed, endedAt: date.addingTimeInterval(600))
        runIDs.append(runID)
    }
}
let rows = Int64(nights) * Int64(nodeCount) * Int64(capture.rows.count)
let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).flatMap { $0 } ?? 0
print(String(format: "generated %d nights × %d nodes × %d sizes = %lld nccl rows in %.1f s (%.0f MB)",
             nights, nodeCount, capture.rows.count, rows, generation, Double(size) / 1e6))
print(String(format: "  the last %d nights with %d iterations per row half: %lld nccl_iterations rows",
             min(iterationNights, nights), iterationCount, Int64(min(iterationNights, nights)) * Int64(nodeCount) * Int64(capture.rows.count)))

guard let last = runIDs.last, runIDs.count >= 3 else { exit(0) }
try store.createBaseline(name: "ref", runIDs: Array(runIDs[0..<2]), note: "first two nights", createdBy: "bench")

@MainActor func best(_ label: String, _ repeats: Int = 5, _ body: () throws -> Void) rethrows {
    var times: [Double] = []
    for _ in 0..<repeats { times.append(try seconds(body)) }
    times.sort()
    print(String(format: "%@: best %.1f ms, median %.1f ms (%d runs)", label, times[0] * 1000, times[times.count / 2] * 1000, repeats))
}

var report: ComparisonReport?
try best("compare last night with baseline `ref` (2 runs)") {
    report = try RegressionCheck.compare(runID: last, baseline: "ref", store: store)
}
if let report, let size = report.series.first?.sizes.last {
    print("  → \(report.series.count) series (one per node), regression: \(report.hasRegression), e.g. \(size.basisDetail)")
}
try best("compare last night with `auto` (5 runs)") {
    report = try RegressionCheck.compare(runID: last, baseline: "auto", store: store)
}
if let report, let size = report.series.first?.sizes.last { print("  → e.g. \(size.basisDetail)") }
try best("fleet check of last night (64 nodes)") {
    _ = try RegressionCheck.fleet(runID: last, record: false, store: store)
}
if iterationNights >= 3 && nights >= 3 {
    // Two nights with per-iteration times as the baseline: every size on per-iteration samples.
    try store.createBaseline(name: "ref-iter", runIDs: Array(runIDs[(runIDs.count - 3)..<(runIDs.count - 1)]),
                             note: "two nights with -I", createdBy: "bench")
    try best("compare last night with baseline `ref-iter` (2 runs, per-iteration)") {
        report = try RegressionCheck.compare(runID: last, baseline: "ref-iter", store: store)
    }
    if let report, let size = report.series.first?.sizes.last {
        print("  → \(report.series.count) series, regression: \(report.hasRegression), e.g. \(size.basisDetail)")
    }
}
var trend: TrendReport?
try best("trend over the year (bandwidth band, all nodes)", 3) {
    trend = try Trend.load(suite: "nightly", store: store)
}
if let trend {
    print("  → \(trend.points.count) points, change points at runs "
        + trend.changePoints.map { String(trend.points[$0.index].runID) }.joined(separator: ", ")
        + " (the 3 % drop starts at run \(runIDs[min(stepNight, runIDs.count - 1)]))")
}

// The one judgement of the last night (issue 11: < 1 s): what `compare`/`check` do after the run —
// load, compare busbw and workload metrics with the auto baseline, fleet check, health findings,
// Judge.verdict — read-only, then with the findings, health pass and verdict recorded.
var verdict: Verdict?
try best("judge last night (auto baseline, read-only: RunJudgement + Judge.verdict)") {
    verdict = try RunJudgement.judge(runID: last, baseline: nil, baselineRequired: false, judgedBy: "bench",
                                     record: false, store: store).verdict
}
try best("judge last night and record it (findings, health pass, verdict row)") {
    verdict = try RunJudgement.judge(runID: last, baseline: nil, baselineRequired: false, judgedBy: "bench",
                                     record: true, store: store).verdict
}
if let verdict {
    print("  → \(verdict.headline.prefix(160)); \(verdict.checks.count) checks")
}
// Judge.verdict alone, on the last night's inputs: the pure part.
if let comparison = try? RegressionCheck.compare(runID: last, baseline: "auto", store: store) {
    let fleet = try RegressionCheck.fleetReport(runID: last, record: false, store: store)
    let steps = nodes.map { ExecutionRecord.Step(key: "allreduce@\($0)", node: $0, status: "completed") }
    let input = VerdictInput(runID: last, suite: "nightly", execution: ExecutionRecord(runStatus: "completed", steps: steps),
                             baseline: .compared(VerdictBaseline(label: comparison.baselineLabel, runIDs: comparison.baselineRunIDs)),
                             comparison: comparison, fleet: FleetInput(report: fleet),
                             coverage: MeasurementCoverage(series: nodes.count, believable: nodes.count))
    best("Judge.verdict alone (64 series × 3 bands, fleet of 64), 100 calls") {
        for _ in 0..<100 { _ = Judge.verdict(input) }
    }
}
