import DSBenchCore

/// `nvidia-smi -q` text, whole or with any `-d` sections, one or several `NVSMI LOG`s
/// (captures in Tests/Fixtures/health/). Each GPU block (`GPU 00000000:00:06.0` at the left
/// margin) is read as an indentation tree, and the readings the rules use are kept under their
/// canonical keys (`GPUHealthKey`). A GPU seen in two logs (the ECC and the PERFORMANCE sections
/// captured apart and concatenated) is one snapshot.
///
/// Bytes, not `String` lines: a first version on Substrings (`firstRange(of: " : ")`, a slug and
/// a path join per line) parsed 5.6 MB/s; caching the canonical key of each distinct path got
/// ~93 MB/s. Each line's key is now found in a tree of the keys seen (`SmiKeyPaths`) without
/// building its slug and path, and lines end at `memchr`.
public enum SmiQueryTextParser {
    public static func parse(_ text: String) -> GPUHealthReport { parse(Array(text.utf8)) }

    public static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        bytes.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    private static func parse(buffer bytes: UnsafeBufferPointer<UInt8>) -> GPUHealthReport {
        var report = GPUHealthReport(source: "smi-q")
        var log = CappedDiagnostics()
        var current: Int?
        // Each open section: its indent and its node in `paths` (`ecc_errors.volatile`).
        var stack: [(indent: Int, node: Int)] = []
        var paths = SmiKeyPaths(keepsEmpty: false)
        var poll = CancellationPoll()
        var start = 0
        var lineNumber = 0
        var cutLine: Int?
        let count = bytes.count
        while start < count {
            if poll.shouldStop() { break }
            let end = ByteSearch.lineEnd(in: bytes, from: start)
            lineNumber += 1
            if end == count { cutLine = lineNumber }
            defer { start = end + 1 }
            var stop = end
            if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
            var first = start, indent = 0
            while first < stop && (bytes[first] == 0x20 || bytes[first] == 0x09) {
                indent += bytes[first] == 0x09 ? 4 : 1
                first += 1
            }
            var last = stop
            while last > first && (bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09) { last -= 1 }
            if first == last || bytes[first] == UInt8(ascii: "=") { continue }
            let separator = findSeparator(bytes, first, last)
            if indent == 0 {
                stack = []
                current = nil
                if separator == nil, last - first > 4, ByteText.hasPrefix("GPU ", bytes, first..<last) {
                    let busID = String(ByteText.string(bytes, (first + 4)..<last).trimmedSpaces)
                    if let seen = report.gpus.firstIndex(where: { $0.pciBusID == busID }) {
                        current = seen
                    } else {
                        report.gpus.append(GPUHealthSnapshot(index: report.gpus.count, pciBusID: busID))
                        current = report.gpus.count - 1
                    }
                }
                continue
            }
            guard let gpu = current else { continue }
            while let top = stack.last, top.indent >= indent { stack.removeLast() }
            var keyEnd = separator?.keyEnd ?? last
            while keyEnd > first && bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
            // nil: a key without a letter or digit (its slug is empty).
            guard let node = paths.child(of: stack.last?.node, bytes, first..<keyEnd) else { continue }
            if let separator, let canonical = paths.canonical(node) {
                var valueStart = separator.valueStart
                while valueStart < last && bytes[valueStart] == 0x20 { valueStart += 1 }
                let value = ByteText.string(bytes, valueStart..<last)
                if !GPUHealthKey.isAbsent(value[...]) { report.gpus[gpu].setReading(canonical, value) }
            }
            stack.append((indent, node))
        }
        if report.gpus.isEmpty {
            log.add(.error, line: nil, kind: "no gpu",
                    "not nvidia-smi -q output: no `GPU <bus id>` line at the left margin")
        } else if let cutLine {
            log.add(.warning, line: cutLine, kind: "cut", "the output ends inside a line: it was cut short")
        }
        report.diagnostics = log.finished()
        return report
    }

    /// ` : ` between key and value, or a trailing ` :` (an empty value).
    private static func findSeparator(_ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ last: Int)
        -> (keyEnd: Int, valueStart: Int)? {
        var at = first + 1
        while at < last, let colon = ByteSearch.first(UInt8(ascii: ":"), in: bytes, from: at, to: last) {
            if bytes[colon - 1] == 0x20 {
                if colon + 1 == last { return (colon - 1, last) }
                if bytes[colon + 1] == 0x20 { return (colon - 1, colon + 2) }
            }
            at = colon + 1
        }
        return nil
    }
}
