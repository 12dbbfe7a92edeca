import DSBenchCore

/// PyTorch profiler (Kineto) Chrome trace → per-GPU NCCL and compute kernel time and their overlap.
///
/// Only complete events (`"ph":"X"`) of category `kernel` count; `pid` is the device index and
/// `ts`/`dur` are µs with up to ns precision (docs/formats.md §5.3). The file is read with a
/// byte scanner, not a JSON tree, so that a 100 MB trace is analysed in well under 3 s.
public enum TorchTraceParser {
    /// A gzip trace that inflates past `maxInflatedBytes` gives an empty report with the reason.
    public static func parse(_ input: [UInt8],
                             maxInflatedBytes: Int = ParseLimits.defaultMaxArtifactBytes) -> TorchTraceReport {
        do {
            return try parseChecked(input, maxInflatedBytes: maxInflatedBytes)
        } catch {
            return TorchTraceReport(diagnostics: [Diagnostic(.error, error.description)])
        }
    }

    /// Throws when a gzip trace inflates past `maxInflatedBytes`: inflating stops at the limit,
    /// so memory stays near it whatever the compressed file claims.
    static func parseChecked(_ input: [UInt8], maxInflatedBytes: Int) throws(ParseRefusal) -> TorchTraceReport {
        var diagnostics: [Diagnostic] = []
        var bytes = input
        if Gunzip.isGzip(input) {
            let inflated = Gunzip.inflate(input, limit: maxInflatedBytes)
            switch inflated.problem {
            case .overLimit(let limit): throw .tooLarge(bytes: nil, limit: limit, inflated: true)
            case .stopped: break   // the poll that stopped it has flagged the parse
            case let problem?: diagnostics.append(Diagnostic(.error, problem.message))
            case nil: break
            }
            bytes = inflated.bytes
        }
        var intervals = KernelIntervals()
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONByteScanner(buffer)
            readTopLevel(&scanner, into: &intervals, diagnostics: &diagnostics)
        }
        if intervals.skipped > 0 {
            diagnostics.append(Diagnostic(.warning, "\(intervals.skipped) kernel events without a usable pid, ts or dur were skipped"))
        }
        if intervals.kernelEvents == 0 && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.warning, "no GPU kernel events in the trace (was CUDA activity profiled?)"))
        }
        return TorchTraceReport(devices: intervals.devices(), kernelEvents: intervals.kernelEvents,
                                diagnostics: diagnostics)
    }

    private static func readTopLevel(_ scanner: inout JSONByteScanner, into intervals: inout KernelIntervals,
                                     diagnostics: inout [Diagnostic]) {
        // Kineto writes an object with `traceEvents`; the bare-array form of the Chrome format is accepted too.
        if scanner.peek() == UInt8(ascii: "[") {
            readEvents(&scanner, into: &intervals, diagnostics: &diagnostics)
            return
        }
        guard scanner.consume(UInt8(ascii: "{")) else {
            diagnostics.append(Diagnostic(.error, line: 1, "not a Chrome trace: expected a JSON object or array"))
            return
        }
        var sawEvents = false
        while true {
            if scanner.consume(UInt8(ascii: "}")) { break }
            guard let key = scanner.stringRange(), scanner.consume(UInt8(ascii: ":")) else {
                truncated(scanner, "a key of the trace object", &diagnostics)
                return
            }
            if scanner.equals(key, "traceEvents") {
                sawEvents = true
                guard readEvents(&scanner, into: &intervals, diagnostics: &diagnostics) else { return }
            } else if !scanner.skipValue() {
                truncated(scanner, "the value of '\(scanner.string(key))'", &diagnostics)
                return
            }
            _ = scanner.consume(UInt8(ascii: ","))
        }
        if !sawEvents { diagnostics.append(Diagnostic(.error, "no 'traceEvents' array in the trace")) }
    }

    /// Reads the event array; false when the input ended or broke inside it.
    @discardableResult
    private static func readEvents(_ scanner: inout JSONByteScanner, into intervals: inout KernelIntervals,
                                   diagnostics: inout [Diagnostic]) -> Bool {
        guard scanner.consume(UInt8(ascii: "[")) else {
            diagnostics.append(Diagnostic(.error, line: scanner.line(at: scanner.position), "'traceEvents' is not an array"))
            return false
        }
        var poll = CancellationPoll()
        while true {
            if scanner.consume(UInt8(ascii: "]")) { return true }
            if poll.shouldStop() { return false }
            if scanner.peek() == UInt8(ascii: "{") {
                guard readEvent(&scanner, into: &intervals) else {
                    truncated(scanner, "an event", &diagnostics)
                    return false
                }
            } else if !scanner.skipValue() {
                truncated(scanner, "the event list", &diagnostics)
                return false
            }
            if !scanner.consume(UInt8(ascii: ",")), scanner.peek() != UInt8(ascii: "]") {
                truncated(scanner, "the event list", &diagnostics)
                return false
            }
        }
    }

    /// One event object; records it when it is a GPU kernel. False on malformed input.
    private static func readEvent(_ scanner: inout JSONByteScanner, into intervals: inout KernelIntervals) -> Bool {
        guard scanner.consume(UInt8(ascii: "{")) else { return false }
        var isComplete = false, isKernel = false
        var name: Range<Int>?
        var pid: Int?, ts: Int64?, dur: Int64?
        while true {
            if scanner.consume(UInt8(ascii: "}")) { break }
            guard let key = scanner.stringRange(), scanner.consume(UInt8(ascii: ":")) else { return false }
            switch key.count {
            case 2 where scanner.equals(key, "ph"):
                guard let value = scanner.stringRange() else { return false }
                isComplete = scanner.equals(value, "X")
            case 3 where scanner.equals(key, "cat"):
                guard let value = scanner.stringRange() else { return false }
                isKernel = scanner.equals(value, "kernel") || scanner.equals(value, "Kernel")
            case 4 where scanner.equals(key, "name"):
                guard let value = scanner.stringRange() else { return false }
                name = value
            case 3 where scanner.equals(key, "pid"):
                let start = scanner.position
                pid = scanner.integer()
                if pid == nil { scanner.position = start; guard scanner.skipValue() else { return false } }
            case 2 where scanner.equals(key, "ts"):
                ts = scanner.thousandths()
                if ts == nil { guard scanner.skipValue() else { return false } }
            case 3 where scanner.equals(key, "dur"):
                dur = scanner.thousandths()
                if dur == nil { guard scanner.skipValue() else { return false } }
            default:
                guard scanner.skipValue() else { return false }
            }
            _ = scanner.consume(UInt8(ascii: ","))
        }
        guard isComplete, isKernel else { return true }
        guard let pid, let ts, let dur, let name else {
            intervals.skipped += 1
            return true
        }
        // A negative or zero duration is clamped to an empty interval (§5.3).
        let end = ts.addingReportingOverflow(max(dur, 0))
        guard !end.overflow else { intervals.skipped += 1; return true }
        intervals.add(device: pid, start: ts, end: end.partialValue,
                      collective: NcclKernelName.collective(scanner.bytes, name))
        return true
    }

    private static func truncated(_ scanner: JSONByteScanner, _ what: String, _ diagnostics: inout [Diagnostic]) {
        let message = scanner.atEnd ? "trace ends inside \(what) (truncated file?); events before it were used"
                                    : "malformed JSON in \(what); events before it were used"
        diagnostics.append(Diagnostic(.error, line: scanner.line(at: scanner.position), message))
    }
}
