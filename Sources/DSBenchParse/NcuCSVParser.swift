import DSBenchCore

/// Nsight Compute CSV → kernels with their metrics (output of `ncu --csv`, `--page raw`,
/// `--print-summary per-kernel`, live or `--import`ed).
///
/// What comes before the header is not CSV: the program's own stdout and ncu's `==PROF==`
/// lines (h200-x1/ncu_sol_csv.txt). `==ERROR==` lines anywhere become error diagnostics, so a run
/// without counter permission (`ERR_NVGPUCTRPERM`) says so instead of "no kernels". Values keep
/// the unit ncu printed beside them; the thousands separators are removed.
public enum NcuCSVParser {
    public static func parse(_ bytes: [UInt8]) -> NcuReport {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> NcuReport {
        var state = NcuParseState(bytes)
        CSVReportLines.read(bytes) { start, end, lineNumber, line in
            state.read(start, end, lineNumber: lineNumber, line: &line)
        }
        return state.finish()
    }
}

/// The reading of one capture: which layout its header announced, and the kernels so far.
struct NcuParseState {
    let bytes: UnsafeBufferPointer<UInt8>
    var report = NcuReport()
    var columns = NcuColumns()
    /// The raw page's metric names and units, in the order of `columns.metricColumns`.
    var rawNames: [String] = []
    var rawUnits: [String] = []
    var awaitingUnits = false
    /// Kernel index by launch (details) or by kernel and shape (summary): rows of a kernel need not be adjacent.
    var kernelIndex: [String: Int] = [:]
    var skippedLines = 0, malformedLines = 0
    var firstMalformedLine: Int?

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func read(_ start: Int, _ end: Int, lineNumber: Int, line: inout QuotedCSVLine) {
        guard start < end else { return }
        if bytes[start] == 0x3D {   // "=="
            profilerLine(start, end, lineNumber: lineNumber)
            return
        }
        line.split(bytes, start, end)
        if let header = NcuColumns(line, bytes) {
            columns = header
            report.layout = header.layout
            rawNames = header.layout == .raw ? header.metricColumns.map { line.text(bytes, $0) } : []
            rawUnits = Array(repeating: "", count: rawNames.count)
            awaitingUnits = header.layout == .raw
            return
        }
        guard report.layout != nil, bytes[start] == 0x22 else { skippedLines += 1; return }
        switch report.layout {
        case .details?: detailsRow(line, lineNumber: lineNumber)
        case .summary?: summaryRow(line, lineNumber: lineNumber)
        case .raw?: rawRow(line, lineNumber: lineNumber)
        case nil: break
        }
    }

    private mutating func profilerLine(_ start: Int, _ end: Int, lineNumber: Int) {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if text.hasPrefix("==ERROR==") {
            report.diagnostics.append(Diagnostic(.error, line: lineNumber, NcuErrors.explain(text)))
        } else if text.hasPrefix("==WARNING==") {
            report.diagnostics.append(Diagnostic(.warning, line: lineNumber, text))
        }
    }

    mutating func malformed(_ lineNumber: Int) {
        malformedLines += 1
        if firstMalformedLine == nil { firstMalformedLine = lineNumber }
    }

    /// Identity of a launch or summary kernel, and the record it starts when new.
    mutating func kernel(_ line: QuotedCSVLine, key: String) -> Int {
        if let index = kernelIndex[key] { return index }
        let name = columns.kernelName.map { line.text(bytes, $0) } ?? ""
        let kernel = NcuKernel(
            launchID: columns.id.flatMap { line.integer(bytes, $0) },
            name: name, shortName: KernelShortName.of(name), collective: NcclKernelName.collective(name),
            processID: columns.processID.flatMap { line.integer(bytes, $0) },
            processName: columns.processName.map { line.text(bytes, $0) },
            host: columns.host.map { line.text(bytes, $0) },
            context: columns.context.flatMap { line.integer(bytes, $0) },
            stream: columns.stream.flatMap { line.integer(bytes, $0) },
            device: columns.device.flatMap { line.integer(bytes, $0) },
            computeCapability: columns.computeCapability.map { line.text(bytes, $0) },
            grid: columns.grid.map { Self.dimensions(line.text(bytes, $0)) } ?? [],
            block: columns.block.map { Self.dimensions(line.text(bytes, $0)) } ?? [],
            invocations: columns.invocations.flatMap { line.integer(bytes, $0) } ?? 1)
        kernelIndex[key] = report.kernels.count
        report.kernels.append(kernel)
        return report.kernels.count - 1
    }

    /// `(384, 1, 1)` → [384, 1, 1]; anything else → [].
    static func dimensions(_ text: String) -> [Int] {
        let inner = text.filter { $0 != "(" && $0 != ")" && $0 != " " }
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return [] }
        return parts.compactMap { $0 }
    }

    func finish() -> NcuReport {
        var out = report
        if let first = firstMalformedLine {
            out.diagnostics.append(Diagnostic(.warning, line: first,
                "\(malformedLines) CSV row(s) with fewer cells than the header names, or no kernel id, were skipped"))
        }
        if out.layout == nil && !out.diagnostics.contains(where: { $0.severity == .error }) {
            out.diagnostics.append(Diagnostic(.error,
                "not Nsight Compute CSV: no header row naming \"ID\"/\"Process ID\" and \"Kernel Name\" (was ncu run with --csv?)"))
        } else if out.layout != nil && out.kernels.isEmpty {
            out.diagnostics.append(Diagnostic(.warning, "no kernel was profiled (check --kernel-name, --launch-skip and --launch-count)"))
        }
        return out
    }
}

/// The messages ncu prints for the failures an operator can fix, with the fix.
public enum NcuErrors {
    public static func explain(_ line: String) -> String {
        if line.contains("ERR_NVGPUCTRPERM") {
            return line + " — the user may not read GPU performance counters: run as root, or set the driver option "
                + "NVreg_RestrictProfilingToAdminUsers=0 (modprobe nvidia; see https://developer.nvidia.com/ERR_NVGPUCTRPERM)"
        }
        return line
    }
}
