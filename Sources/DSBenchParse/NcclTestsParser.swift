import DSBenchCore

/// Parses what an nccl-tests binary printed (stdout and stderr, possibly interleaved with
/// NCCL_DEBUG output and launcher tags) into an `NcclTestsReport`. See docs/formats.md
/// §1 and §2 for the formats.
///
/// Pure: no environment, clock or globals. Never traps: anything it cannot read becomes a
/// diagnostic with its 1-based line. Works on UTF-8 bytes with hand-written tokenising,
/// because captures can be large and this runs for every stored artifact.
public enum NcclTestsParser {
    public static func parse(_ text: String) -> NcclTestsReport {
        var copy = text
        return copy.withUTF8 { parse(buffer: $0) }
    }

    /// Bytes as captured; invalid UTF-8 is kept as U+FFFD in the strings of the report.
    public static func parse(_ bytes: [UInt8]) -> NcclTestsReport {
        bytes.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    /// The report as the store keeps it: every field of `parse`, the NCCL_DEBUG lines summarised
    /// into `transport` as they are read and not kept (`ncclDebugLines` empty).
    public static func parse(summarizing bytes: [UInt8]) -> NcclTestsReport {
        bytes.withUnsafeBufferPointer { buffer in
            var state = NcclTestsParseState()
            state.keepDebugLineRecords = false
            run(&state, over: buffer, batch: .max, draining: { _ in }, consumed: { _ in })
            return state.finish(lineCount: state.lineCount)
        }
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>) -> NcclTestsReport {
        var state = NcclTestsParseState()
        run(&state, over: buffer, batch: .max, draining: { _ in }, consumed: { _ in })
        return state.finish(lineCount: state.lineCount)
    }

    /// What `parse(streaming:…)` returns: the report without its rows (they went to the sink) and,
    /// unless kept, without its NCCL_DEBUG lines; the counts say how many there were.
    public struct Streamed: Sendable {
        public var report: NcclTestsReport
        public var rowCount: Int
        public var debugLineCount: Int
        /// Records as `RecordCount` counts them for the whole report.
        public var recordCount: Int { rowCount + report.devices.count + report.errors.count + debugLineCount }
    }

    /// The same parse, handing completed rows to `rows` in batches as they are read (the sink
    /// takes them; the buffer is emptied after each call) instead of keeping them all: a consumer
    /// that writes them out as it goes holds a batch, not the whole table. `keepingDebugLines`
    /// false keeps only their count (and the NCCL version they print), which is all the printed
    /// JSON uses. Rows, diagnostics and every other field are those of `parse`. `consumed` is told,
    /// every 64 Ki lines, the offset before which the parse is done with the bytes but for the
    /// fields of a row still open (which may begin a few lines earlier): a mapped file can give
    /// those pages back.
    public static func parse(streaming buffer: UnsafeBufferPointer<UInt8>, keepingDebugLines: Bool,
                             consumed: (Int) -> Void = { _ in },
                             rows: (inout [NcclTestsRow]) -> Void) -> Streamed {
        var state = NcclTestsParseState()
        state.keepDebugLines = keepingDebugLines
        return streamed(&state, buffer, consumed: consumed, rows: rows)
    }

    /// `parse(summarizing:)` with its rows handed to `rows` in batches, as `parse(streaming:…)`
    /// hands them: the report the store keeps (NCCL_DEBUG lines in `transport`), without its rows.
    public static func parse(summarizingStreaming buffer: UnsafeBufferPointer<UInt8>, consumed: (Int) -> Void = { _ in },
                             rows: (inout [NcclTestsRow]) -> Void) -> Streamed {
        var state = NcclTestsParseState()
        state.keepDebugLineRecords = false
        return streamed(&state, buffer, consumed: consumed, rows: rows)
    }

    private static func streamed(_ state: inout NcclTestsParseState, _ buffer: UnsafeBufferPointer<UInt8>,
                                 consumed: (Int) -> Void, rows: (inout [NcclTestsRow]) -> Void) -> Streamed {
        run(&state, over: buffer, batch: 1024, draining: rows, consumed: consumed)
        var report = state.finish(lineCount: state.lineCount)
        if !report.rows.isEmpty { rows(&report.rows) }
        report.rows = []
        return Streamed(report: report, rowCount: state.rowsDrained + state.report.rows.count,
                        debugLineCount: state.debugLineCount)
    }

    private static func run(_ state: inout NcclTestsParseState, over buffer: UnsafeBufferPointer<UInt8>,
                            batch: Int, draining sink: (inout [NcclTestsRow]) -> Void,
                            consumed: (Int) -> Void) {
        let n = buffer.count
        var start = 0
        var lineNumber = 0
        var poll = CancellationPoll()
        while start < n, !poll.shouldStop() {
            let end = ByteSearch.lineEnd(in: buffer, from: start)
            lineNumber += 1
            var hi = end
            if hi > start, buffer[hi - 1] == 0x0D { hi -= 1 }
            state.consume(NcclTextSpan(buffer, start, hi), line: lineNumber, terminated: end < n)
            start = end + 1
            if state.report.rows.count >= batch {
                state.rowsDrained += state.report.rows.count
                sink(&state.report.rows)
                state.report.rows.removeAll(keepingCapacity: true)
            }
            if lineNumber & 0xFFFF == 0 { consumed(start) }
        }
        state.lineCount = lineNumber
    }
}
