import DSBenchCore
import DSBenchParse
import Foundation

/// Nsight Compute's raw page (`ncu --import … --csv --page raw` of a bf16 GEMM on an H200, 513
/// metric columns, Tests/Fixtures/h200-x1-s5/ncu_import_raw.txt): header and units once, its kernel
/// rows repeated to 100 MB (8 MiB with `--quick`; a long profile of many launches), the rate issue 15
/// asks ≥ 100 MB/s of on a 100 MB capture.
enum ProfileParseBenchmark {
    static func ncuRaw(_ captures: CaptureSet, _ options: BenchOptions) throws -> BenchmarkResult {
        let path = captures.directory.deletingLastPathComponent().appendingPathComponent("h200-x1-s5/ncu_import_raw.txt")
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map { $0 + "\n" }
        guard lines.count >= 3 else { throw CocoaError(.fileReadCorruptFile) }
        let head = Array((lines[0] + lines[1]).utf8)
        // Each row's first field is the launch id: every copy gets ids of its own, as a long
        // profile of many launches has, so no two rows are taken for one kernel.
        let rows = lines[2...].map { line -> [UInt8] in
            let text = String(line)
            guard text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\"") else { return Array(text.utf8) }
            return Array(text[close...].utf8)
        }
        let rowBytes = rows.reduce(0) { $0 + $1.count + 8 }
        let size = options.quick ? options.logBytes : 100_000_000
        let copies = max(1, (size - head.count) / max(rowBytes, 1))
        var log = head
        log.reserveCapacity(head.count + rowBytes * copies)
        var launch = 0
        for _ in 0..<copies {
            for row in rows {
                log += Array("\"\(launch)".utf8) + row
                launch += 1
            }
        }
        var repetitions = Repetitions()
        var kernels = 0
        for index in 0...options.repetitions {
            let stopwatch = Stopwatch()
            let report = NcuCSVParser.parse(log)
            let timing = stopwatch.stop()
            kernels = report.kernels.count
            if index > 0 { repetitions.add(timing) }
        }
        let perCopy = lines.count - 2
        var result = BenchmarkResult(
            id: "parse.ncu-raw", title: "ncu --csv --page raw parse",
            input: "\(mib(log.count)) = ncu_import_raw.txt rows × \(copies), \(count(kernels)) kernels × 513 metrics",
            inputBytes: log.count, repetitions: repetitions,
            amounts: [("MB/s", megabytes(log.count), ParseBenchmarks.parseTarget), ("kernels/s", Double(kernels), nil)])
        if kernels != perCopy * copies { result.notes.append("CHECK: \(kernels) kernels, expected \(perCopy) × \(copies)") }
        return result
    }
}
