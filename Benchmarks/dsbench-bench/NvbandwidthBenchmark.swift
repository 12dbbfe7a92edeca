import DSBenchCore
import DSBenchParse
import Foundation

/// nvbandwidth's text form (the 1×H200 capture of every testcase, Tests/Fixtures/h200-x1) repeated
/// to `--log-bytes`: the parse rate issue 14 asks ≥ 100 MB/s of.
enum NvbandwidthBenchmark {
    static func text(_ captures: CaptureSet, _ options: BenchOptions) throws -> BenchmarkResult {
        let path = captures.directory.deletingLastPathComponent().appendingPathComponent("h200-x1/nvb_all.txt")
        let pass = Array(try Data(contentsOf: path))
        let copies = max(1, options.logBytes / max(pass.count, 1))
        var log: [UInt8] = []
        log.reserveCapacity(pass.count * copies)
        for _ in 0..<copies { log += pass }
        var repetitions = Repetitions()
        var testcases = 0
        for index in 0...options.repetitions {
            let stopwatch = Stopwatch()
            let report = NvbandwidthParser.parse(log)
            let timing = stopwatch.stop()
            testcases = report.testcases.count
            if index > 0 { repetitions.add(timing) }
        }
        var result = BenchmarkResult(
            id: "parse.nvbandwidth", title: "nvbandwidth text parse",
            input: "\(mib(log.count)) = nvb_all.txt × \(copies), \(count(testcases)) testcases",
            inputBytes: log.count, repetitions: repetitions,
            amounts: [("MB/s", megabytes(log.count), ParseBenchmarks.parseTarget), ("testcases/s", Double(testcases), nil)])
        if testcases != 35 * copies { result.notes.append("CHECK: \(testcases) testcases, expected 35 × \(copies)") }
        return result
    }

    /// The JSON form: one document per run, so the capture of every testcase
    /// (Tests/Fixtures/h200-x1-s5/nvb_json_all.txt) is parsed again and again until `--log-bytes`
    /// have been read.
    static func json(_ captures: CaptureSet, _ options: BenchOptions) throws -> BenchmarkResult {
        let path = captures.directory.deletingLastPathComponent().appendingPathComponent("h200-x1-s5/nvb_json_all.txt")
        let document = Array(try Data(contentsOf: path))
        let copies = max(1, options.logBytes / max(document.count, 1))
        var repetitions = Repetitions()
        var testcases = 0
        for index in 0...options.repetitions {
            testcases = 0
            let stopwatch = Stopwatch()
            for _ in 0..<copies { testcases += NvbandwidthParser.parse(document).testcases.count }
            let timing = stopwatch.stop()
            if index > 0 { repetitions.add(timing) }
        }
        var result = BenchmarkResult(
            id: "parse.nvbandwidth-json", title: "nvbandwidth JSON parse",
            input: "\(mib(document.count * copies)) = nvb_json_all.txt parsed \(copies) times, \(count(testcases)) testcases",
            inputBytes: document.count * copies, repetitions: repetitions,
            amounts: [("MB/s", megabytes(document.count * copies), ParseBenchmarks.parseTarget),
                      ("testcases/s", Double(testcases), nil)])
        if testcases == 0 { result.notes.append("CHECK: the JSON capture gave no testcase") }
        return result
    }
}
