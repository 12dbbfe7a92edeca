// The parser as it was on main (4c8082f), before the parsers branch made it faster; kept verbatim
// but renamed: ParserEquivalenceTests.swift compares the new one with it.
@testable import DSBenchParse

import DSBenchCore

/// `nvidia-smi -q` text, whole or with any `-d` sections, one or several `NVSMI LOG`s
/// (captures in Tests/Fixtures/health/). Each GPU block (`GPU 00000000:00:06.0` at the left
/// margin) is read as an indentation tree, and the readings the rules use are kept under their
/// canonical keys (`GPUHealthKey`). A GPU seen in two logs (the ECC and the PERFORMANCE sections
/// captured apart and concatenated) is one snapshot.
///
/// Bytes, not `String` lines: a first version on Substrings (`firstRange(of: " : ")`, a slug and
/// a path join per line) parsed 5.6 MB/s; the canonical key of each distinct path is now looked
/// up once and cached.
enum ReferenceSmiQueryTextParser {
    static func parse(_ text: String) -> GPUHealthReport { parse(Array(text.utf8)) }

    static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        var report = GPUHealthReport(source: "smi-q")
        var log = CappedDiagnostics()
        var current: Int?
        // Each open section: its indent and its full path (`ecc_errors.volatile`).
        var stack: [(indent: Int, path: String)] = []
        var canonicalCache: [String: String?] = [:]
        var poll = CancellationPoll()
        var start = 0
        var lineNumber = 0
        var cutLine: Int?
        let count = bytes.count
        while start < count {
            if poll.shouldStop() { break }
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
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
                if separator == nil, last - first > 4, bytes[first] == UInt8(ascii: "G"), bytes[first + 1] == UInt8(ascii: "P"),
                   bytes[first + 2] == UInt8(ascii: "U"), bytes[first + 3] == 0x20 {
                    let busID = String(decoding: bytes[(first + 4)..<last], as: UTF8.self).trimmedSpaces
                    if let seen = report.gpus.firstIndex(where: { $0.pciBusID == String(busID) }) {
                        current = seen
                    } else {
                        report.gpus.append(GPUHealthSnapshot(index: report.gpus.count, pciBusID: String(busID)))
                        current = report.gpus.count - 1
                    }
                }
                continue
            }
            guard let gpu = current else { continue }
            while let top = stack.last, top.indent >= indent { stack.removeLast() }
            var keyEnd = separator?.keyEnd ?? last
            while keyEnd > first && bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
            let slug = GPUHealthKey.slug(bytes[first..<keyEnd])
            guard !slug.isEmpty else { continue }
            let path = stack.last.map { $0.path + "." + slug } ?? slug
            if let separator {
                var valueStart = separator.valueStart
                while valueStart < last && bytes[valueStart] == 0x20 { valueStart += 1 }
                let canonical: String?
                if let cached = canonicalCache[path] {
                    canonical = cached
                } else {
                    canonical = GPUHealthKey.canonical(path.split(separator: ".").map(String.init))
                    canonicalCache[path] = canonical
                }
                if let canonical {
                    let value = String(decoding: bytes[valueStart..<last], as: UTF8.self)
                    if !GPUHealthKey.isAbsent(value[...]) { report.gpus[gpu].set(canonical, value) }
                }
            }
            stack.append((indent, path))
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
    private static func findSeparator(_ bytes: [UInt8], _ first: Int, _ last: Int) -> (keyEnd: Int, valueStart: Int)? {
        var at = first + 1
        while at < last {
            if bytes[at] == UInt8(ascii: ":") && bytes[at - 1] == 0x20 {
                if at + 1 == last { return (at - 1, last) }
                if bytes[at + 1] == 0x20 { return (at - 1, at + 2) }
            }
            at += 1
        }
        return nil
    }
}
