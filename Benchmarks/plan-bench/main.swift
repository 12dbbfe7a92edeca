import DSBenchCore
import DSBenchSuite
import Foundation

// Planning a pairwise all_reduce over N nodes (default 1,024: 523,776 mpirun jobs in 1,023 rounds)
// and printing it, in process (docs/performance.md, issue 16):
//   swift run -c release plan-bench [NODES] [REPEATS] [--plan-only]
// Prints the median of REPEATS plans, the streamed JSON and text (bytes handed on piece by piece,
// the largest piece), and, last (peak memory only grows), the plan encoded whole by JSONEncoder —
// what `dsbench plan --json` did before it streamed — as the ratio against the streamed JSON.

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let nodes = arguments.first ?? 1024
let repeats = arguments.dropFirst().first ?? 5
let yaml = """
    suite: pairs\(nodes)
    nodes: node-[0001-\(String(format: "%04d", nodes))]
    defaults:
      max_planned_steps: 100000000
      nccl_tests_path: [/opt/nccl-tests/build]
    steps:
      - name: ar
        nccl: all_reduce
        pattern: pairs
        placement: all
        sizes: {min: 8, max: 8G, factor: 2}
        launcher: {type: mpirun, ranks_per_node: 8, allow_run_as_root: true}
    """

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

do {
    let suite = try SuiteLoader.load(text: yaml, file: "pairs.yaml").suite
    var plan: Plan?
    var planTimes: [Double] = []
    for _ in 0..<repeats {
        plan = nil   // the previous plan is freed first, as in a fresh process
        planTimes.append(try seconds { plan = try Planner.plan(suite) })
    }
    guard let plan else { throw CocoaError(.featureUnsupported) }
    let pairs = nodes * (nodes - 1) / 2
    guard plan.steps.count == pairs else {
        print("CHECK: \(plan.steps.count) planned steps, expected \(pairs)")
        exit(1)
    }
    print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(nodes) nodes, \(pairs) pair jobs")
    print(String(format: "plan: median %.3f s of %d (min %.3f, max %.3f); peak %.0f MiB",
                 median(planTimes), repeats, planTimes.min() ?? 0, planTimes.max() ?? 0, peakMiB()))

    if CommandLine.arguments.contains("--plan-only") { exit(0) }
    var bytes = 0, largest = 0
    let json = try seconds { try PlanJSON.write(plan) { bytes += $0.utf8.count; largest = max(largest, $0.utf8.count) } }
    print(String(format: "json streamed: %.2f s, %.0f MB in pieces of at most %.1f MB; peak %.0f MiB",
                 json, Double(bytes) / 1e6, Double(largest) / 1e6, peakMiB()))
    bytes = 0; largest = 0
    let text = seconds { PlanText.write(plan) { bytes += $0.utf8.count; largest = max(largest, $0.utf8.count) } }
    print(String(format: "text streamed: %.2f s, %.0f MB in pieces of at most %.2f MB; peak %.0f MiB",
                 text, Double(bytes) / 1e6, Double(largest) / 1e6, peakMiB()))

    var whole = 0
    let before = peakMiB()
    let encoded = try seconds {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        whole = try encoder.encode(plan.redacted).count
    }
    print(String(format: "json whole (JSONEncoder of the Plan, the earlier way): %.2f s, %.0f MB; peak %.0f MiB (was %.0f)",
                 encoded, Double(whole) / 1e6, peakMiB(), before))
    print(String(format: "ratio whole/streamed JSON time: %.2f", encoded / json))
} catch {
    FileHandle.standardError.write(Data("plan-bench: \(error)\n".utf8))
    exit(1)
}
