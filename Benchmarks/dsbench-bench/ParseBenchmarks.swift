import DSBenchCore
import DSBenchParse

/// Text parse throughput: one large log built from real captures, parsed whole per repetition.
/// One untimed warm-up parse first, so that the timed ones do not pay for the first page faults.
enum ParseBenchmarks {
    static let parseTarget = 100.0   // MB/s, from the issue

    static func ncclTests(_ captures: CaptureSet, _ options: BenchOptions) throws -> BenchmarkResult {
        let (log, pass, files) = try captures.ncclTestsLog(atLeast: options.logBytes)
        let copies = log.count / pass.count
        let rowsPerPass = NcclTestsParser.parse(pass).rows.count
        var repetitions = Repetitions()
        var rows = 0, debugLines = 0, diagnostics = 0
        for index in 0...options.repetitions {
            let stopwatch = Stopwatch()
            let report = NcclTestsParser.parse(log)
            let timing = stopwatch.stop()
            rows = report.rows.count
            debugLines = report.ncclDebugLines.count
            diagnostics = report.diagnostics.count
            if index > 0 { repetitions.add(timing) }
        }
        var result = BenchmarkResult(
            id: "parse.nccl-tests", title: "nccl-tests text parse",
            input: "\(mib(log.count)) = \(files) captures × \(copies), \(count(rows)) rows",
            inputBytes: log.count, repetitions: repetitions,
            amounts: [("MB/s", megabytes(log.count), parseTarget), ("rows/s", Double(rows), nil)])
        result.notes.append("NcclTestsParser.parse([UInt8]) on b_*, c_*, d_*, e_*, g_* concatenated; "
            + "\(count(debugLines)) NCCL_DEBUG lines, \(diagnostics) diagnostics (capped) per parse")
        if rows != rowsPerPass * copies {
            result.notes.append("CHECK: \(rows) rows, expected \(rowsPerPass) per pass × \(copies)")
        }
        return result
    }

    static func dmon(_ captures: CaptureSet, _ options: BenchOptions) throws -> BenchmarkResult {
        let (log, pass) = try captures.dmonLog(atLeast: options.logBytes)
        let copies = log.count / pass.count
        let samplesPerPass = DmonParser.parse(pass).samples.count
        var repetitions = Repetitions()
        var samples = 0, diagnostics = 0
        for index in 0...options.repetitions {
            let stopwatch = Stopwatch()
            let capture = DmonParser.parse(log)
            let timing = stopwatch.stop()
            samples = capture.samples.count
            diagnostics = capture.diagnostics.count
            if index > 0 { repetitions.add(timing) }
        }
        var result = BenchmarkResult(
            id: "parse.dmon", title: "dmon text parse",
            input: "\(mib(log.count)) = \(CaptureSet.dmonCapture) × \(copies), \(count(samples)) samples",
            inputBytes: log.count, repetitions: repetitions,
            amounts: [("MB/s", megabytes(log.count), parseTarget), ("rows/s", Double(samples), nil)])
        result.notes.append("DmonParser.parse([UInt8]) on -s pucvmet -o DT text (24 columns), "
            + "cut last line dropped; \(diagnostics) diagnostics per parse")
        if samples != samplesPerPass * copies {
            result.notes.append("CHECK: \(samples) samples, expected \(samplesPerPass) per pass × \(copies)")
        }
        return result
    }
}

func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }

/// `1234567` → `1,234,567`.
func count(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}

/// Fixed-point text without Foundation's locale-dependent formatting.
func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return String(value) }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var text = String(whole)
    if decimals > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
    return (value < 0 && scaled > 0 ? "-" : "") + text
}
