// Throughput of the health checks: the NCCL_DEBUG transport summary and the rules over a large run.
// Run with `swift run -c release health-bench`; numbers go to docs/performance.md.
import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import Foundation

let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/Fixtures/h200-x8")

func bytes(_ name: String) -> [UInt8] {
    Array((try? Data(contentsOf: fixtures.appendingPathComponent(name))) ?? Data())
}

/// Best of `rounds` wall times of `body`, in seconds.
func best(_ rounds: Int = 5, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.min() ?? 0
}

// 1. Summaries from the real INFO log, and from a 512-rank log built by renumbering it.
let info = bytes("d_all_reduce_1M-256M_INFO.txt")
let lines = NcclTestsParser.parse(info).ncclDebugLines
var big: [NcclDebugLine] = []
for copy in 0..<64 {
    for line in lines {
        var moved = line
        moved.host = "node\(copy)"
        moved.message = line.message.replacingOccurrences(of: "] -> ", with: "] -> \(copy * 8)")
        big.append(moved)
    }
}
var sink = 0
/// Times in a function with locals: top-level globals in main.swift add checks on every access.
func summaryTimes(_ lines: [NcclDebugLine], _ big: [NcclDebugLine], _ info: [UInt8]) -> (Double, Double, Double, Int) {
    var count = 0
    let small = best { for _ in 0..<100 { count &+= NcclDebugInfo.summarize(lines).connections.count } }
    let large = best { count &+= NcclDebugInfo.summarize(big).connections.count }
    let log = best { for _ in 0..<100 { count &+= NcclDebugInfo.parseLog(info).connections.count } }
    return (small, large, log / 100, count)
}
let (smallTime, bigTime, logTime, counted) = summaryTimes(lines, big, info)
sink &+= counted
print(String(format: "summarize d_ INFO lines (%d lines): %.1f µs per log, %.2f M lines/s",
             lines.count, smallTime / 100 * 1e6, Double(lines.count * 100) / smallTime / 1e6))
print(String(format: "summarize 64 copies (%d lines, %d connections): %.1f ms, %.2f M lines/s",
             big.count, NcclDebugInfo.summarize(big).connections.count, bigTime * 1e3, Double(big.count) / bigTime / 1e6))
print(String(format: "parseLog d_ capture (%d bytes, nccl-tests parser included): %.2f ms, %.0f MB/s",
             info.count, logTime * 1e3, Double(info.count) / logTime / 1e6))

// 2. Every rule over a large run: 128 nodes × 8 GPUs of inventory, one nccl step per node, and per
// node one hour of dmon at 1 s (8 × 3600 samples) built from the real capture's rows.
let gpuTable = GPUQueryParser.parse(bytes("a_query-gpu_csv.txt"))
let topology = TopologyParser.parse(bytes("a_topo-m.txt"))
let report = NcclTestsParser.parse(bytes("e_p2p_disable_INFO.txt"))
let dmon = DmonParser.parse(bytes("f_dmon_pucvmet_during_allreduce.txt"))
var input = HealthInput()
for node in 0..<128 {
    let name = "gpu-\(node)"
    input.gpus += HealthGPU.from(gpuTable, node: name)
    input.topologies[name] = topology
    input.ncclSteps.append(HealthNcclStep(key: "ar#0@\(name)", name: "ar", node: name, report: report))
    var samples: [HealthDmonSample] = []
    samples.reserveCapacity(8 * 3600)
    for round in 0..<3600 {
        let source = dmon.samples[(round * 8) % (dmon.samples.count - 8)]
        for gpu in 0..<8 {
            samples.append(HealthDmonSample(gpu: gpu, round: round, timestamp: source.timestamp,
                                            values: source.values.compactMapValues { $0 }))
        }
    }
    input.dmonSteps.append(HealthDmonStep(key: "train#0@\(name)", name: "train", node: name, expectBusy: true,
                                          samples: samples))
}
let sampleCount = input.dmonSteps.reduce(0) { $0 + $1.samples.count }
var findings: [Finding] = []
let rulesTime = best(3) { findings = HealthCheck.run(input) }
print(String(format: "HealthCheck.run: 1024 GPUs, 128 nccl steps, %d dmon samples: %.0f ms (%.2f M samples/s), %d findings",
             sampleCount, rulesTime * 1e3, Double(sampleCount) / rulesTime / 1e6, findings.count))
if sink == 42 { print("") }

// Per rule, to see where the time goes.
for rule in HealthRules.all {
    var only = input
    only.settings.disabledRules = HealthRules.all.map(\.id).filter { $0 != rule.id }
    let time = best(1) { _ = HealthCheck.run(only) }
    print(String(format: "  %@: %.0f ms", rule.id, time * 1e3))
}
