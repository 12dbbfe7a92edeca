import DSBenchCore
import Foundation

/// `nsys stats --format csv` → one table per report, and from `cuda_gpu_trace` the NCCL/compute
/// overlap of each device (through `KernelIntervals`, the computation of the PyTorch traces).
///
/// Reads the stdout of several reports (a `Processing [...] with [.../cuda_gpu_kern_sum.py]...`
/// line, then ` ** CUDA GPU Kernel Summary (cuda_gpu_kern_sum):`, then the CSV) and the file one
/// report writes with `--output` (the CSV alone, the report recognised by its columns). Columns are
/// found by name: `Instances` is `Count` in the memory reports and `Num Calls` in the API ones, and
/// `--timeunit` changes `(ns)` to `(us)` or `(ms)`; times are stored in ns.
public enum NsysStatsParser {
    public static func parse(_ bytes: [UInt8]) -> NsysStatsReport {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> NsysStatsReport {
        var state = NsysParseState(bytes)
        CSVReportLines.read(bytes) { start, end, lineNumber, line in
            state.read(start, end, lineNumber: lineNumber, line: &line)
        }
        return state.finish()
    }
}

struct NsysParseState {
    let bytes: UnsafeBufferPointer<UInt8>
    var report = NsysStatsReport()
    /// The report the next header belongs to, from the banner or the `Processing` line.
    var pendingReport: String?
    var pendingTitle: String?
    var columns: NsysColumns?
    var intervals = KernelIntervals()
    var malformedLines = 0
    var firstMalformedLine: Int?

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func read(_ start: Int, _ end: Int, lineNumber: Int, line: inout QuotedCSVLine) {
        var first = start
        while first < end, bytes[first] == 0x20 { first += 1 }
        guard first < end else { columns = nil; return }   // a blank line ends a table
        let lead = bytes[first]
        if lead == 0x2A || lead == 0x50 || lead == 0x53 || lead == 0x45 || lead == 0x57 || lead == 0x47 || lead == 0x4E,
           textLine(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<end]), as: UTF8.self), lineNumber) {
            return
        }
        line.split(bytes, first, end)
        if let header = NsysColumns(line, bytes, report: pendingReport) {
            columns = header
            report.tables.append(NsysStatsTable(report: header.report, title: pendingTitle, columns: header.names))
            pendingReport = nil; pendingTitle = nil
            return
        }
        guard let columns else { return }
        if columns.isTrace {
            traceRow(line, columns, lineNumber: lineNumber)
        } else if let row = columns.row(line, bytes) {
            report.tables[report.tables.count - 1].rows.append(row)
        } else {
            malformed(lineNumber)
        }
    }

    /// Banners, progress and skip notices; true when the line was one.
    private mutating func textLine(_ text: String, _ lineNumber: Int) -> Bool {
        if text.hasPrefix("** "), text.hasSuffix("):"), let open = text.lastIndex(of: "(") {
            pendingReport = String(text[text.index(after: open)..<text.index(text.endIndex, offsetBy: -2)])
            pendingTitle = String(text.dropFirst(3)[..<open].trimmedSpaces)
            columns = nil
            return true
        }
        if text.hasPrefix("Processing ["), let script = text.range(of: "/reports/") ?? text.range(of: "with [") {
            let rest = text[script.upperBound...]
            if let dot = rest.range(of: ".py]") { pendingReport = String(rest[..<dot.lowerBound]) }
            columns = nil
            return true
        }
        if text.hasPrefix("SKIPPED:") {
            report.diagnostics.append(Diagnostic(.note, line: lineNumber, text))
            pendingReport = nil; columns = nil
            return true
        }
        if text.hasPrefix("ERROR") || text.hasPrefix("Error") {
            report.diagnostics.append(Diagnostic(.error, line: lineNumber, text))
            return true
        }
        if text.hasPrefix("WARNING") {
            report.diagnostics.append(Diagnostic(.warning, line: lineNumber, text))
            return true
        }
        return text.hasPrefix("Generating SQLite") || text.hasPrefix("NOTICE:") || text.hasPrefix("It is assumed")
            || text.hasPrefix("Consider using")
    }

    private mutating func traceRow(_ line: QuotedCSVLine, _ columns: NsysColumns, lineNumber: Int) {
        guard let startColumn = columns.start, let durationColumn = columns.duration, let nameColumn = columns.name,
              let start = line.number(bytes, startColumn), let duration = line.number(bytes, durationColumn),
              start.isFinite, duration.isFinite, abs(start) < 9e18, abs(duration) < 9e18 else {
            malformed(lineNumber); return
        }
        let name = line.text(bytes, nameColumn)
        guard !name.hasPrefix("[CUDA") else { return }   // memcpy and memset rows are not kernels
        let device = columns.device.flatMap { NsysColumns.deviceIndex(line.text(bytes, $0)) } ?? 0
        let scaled = start * columns.startScale, length = max(0, duration * columns.durationScale)
        guard abs(scaled) + length < 9e18 else { malformed(lineNumber); return }
        intervals.add(device: device, start: Int64(scaled), end: Int64(scaled) + Int64(length),
                      collective: NcclKernelName.collective(name))
    }

    private mutating func malformed(_ lineNumber: Int) {
        malformedLines += 1
        if firstMalformedLine == nil { firstMalformedLine = lineNumber }
    }

    func finish() -> NsysStatsReport {
        var out = report
        out.timeline = intervals.devices()
        out.traceKernels = intervals.kernelEvents
        if let first = firstMalformedLine {
            out.diagnostics.append(Diagnostic(.warning, line: first,
                "\(malformedLines) row(s) with fewer cells than the header names, or no number where one belongs, were skipped"))
        }
        if out.tables.isEmpty && !out.diagnostics.contains(where: { $0.severity == .error }) {
            out.diagnostics.append(Diagnostic(.error,
                "not nsys stats CSV: no report header (\"Time (%)\",\"Total Time (ns)\",… or \"Start (ns)\",\"Duration (ns)\",…); "
                    + "was nsys stats run with --format csv?"))
        }
        return out
    }
}
