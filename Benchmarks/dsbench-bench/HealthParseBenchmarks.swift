import DSBenchCore
import DSBenchParse
import Foundation

/// Health capture parse throughput (issue 14: ≥ 100 MB/s): each real capture repeated into one
/// large input and parsed whole per repetition through `Parsers.parse`, as ingest does.
enum HealthParseBenchmarks {
    static let cases: [(id: String, kind: ParserKind, file: String)] = [
        ("parse.smi-q-text", .smiQ, "health/smi_q_perf.txt"),
        ("parse.smi-q-xml", .smiQ, "h200-x8/a_nvidia-smi-q-x.txt"),
        ("parse.smi-health", .smiHealth, "health/smi_query_health.txt"),
        ("parse.kernel-log", .kernelLog, "health/built_kernel_log_forms.txt"),
        ("parse.nvlink-errors", .nvlinkErrors, "health/built_nvlink_e.txt"),
    ]

    static func run(_ id: String, _ captures: CaptureSet, _ options: BenchOptions) throws -> BenchmarkResult {
        guard let spec = cases.first(where: { $0.id == id }) else { throw BenchError("unknown health benchmark \(id)") }
        let url = captures.directory.deletingLastPathComponent().appendingPathComponent(spec.file)
        var pass = Array(try Data(contentsOf: url))
        if pass.last != 0x0A { pass.append(0x0A) }
        var log: [UInt8] = []
        log.reserveCapacity(options.logBytes + pass.count)
        while log.count < options.logBytes { log += pass }
        var repetitions = Repetitions()
        var records = 0
        for index in 0...options.repetitions {
            let stopwatch = Stopwatch()
            let parsed = Parsers.parse(spec.kind, log)
            let timing = stopwatch.stop()
            switch parsed {
            case .gpuHealth(let report): records = report.gpus.reduce(0) { $0 + $1.values.count }
            case .kernelLog(let report): records = report.events.count
            default: records = 0
            }
            if index > 0 { repetitions.add(timing) }
        }
        var result = BenchmarkResult(
            id: spec.id, title: "\(spec.kind.rawValue) parse (\(spec.file))",
            input: "\(mib(log.count)) = \(spec.file) × \(log.count / pass.count), \(count(records)) readings/events",
            inputBytes: log.count, repetitions: repetitions,
            amounts: [("MB/s", megabytes(log.count), ParseBenchmarks.parseTarget)])
        result.notes.append("Parsers.parse(.\(spec.kind), [UInt8]) on the capture repeated")
        return result
    }
}
