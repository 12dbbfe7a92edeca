/// The line loop the profiler-report parsers share (`ncu --csv`, `nsys stats --format csv`): lines
/// split at LF with a CR before it dropped, numbered from 1, one `QuotedCSVLine` reused for the
/// cells, and the loop left when the parse is cancelled (a step's timeout or Ctrl-C).
enum CSVReportLines {
    static func read(_ bytes: UnsafeBufferPointer<UInt8>,
                     _ body: (_ start: Int, _ end: Int, _ lineNumber: Int, _ line: inout QuotedCSVLine) -> Void) {
        var line = QuotedCSVLine()
        var poll = CancellationPoll()
        var lineNumber = 0, start = 0
        while start < bytes.count {
            if poll.shouldStop() { break }
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            body(start, contentEnd, lineNumber, &line)
            start = end + 1
        }
    }
}
