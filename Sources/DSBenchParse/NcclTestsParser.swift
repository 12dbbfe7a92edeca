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

    static func parse(buffer: UnsafeBufferPointer<UInt8>) -> NcclTestsReport {
        var state = NcclTestsParseState()
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
        }
        return state.finish(lineCount: lineNumber)
    }
}
