import DSBenchCore

/// `nvidia-smi -q` text, whole or with any `-d` sections, one or several `NVSMI LOG`s
/// (output-formats.md; captures in Tests/Fixtures/health/). Each GPU block (`GPU 00000000:00:06.0`
/// at the left margin) is read as an indentation tree, and the readings the rules use are kept
/// under their canonical keys (`GPUHealthKey`). A GPU seen in two logs (the ECC and the
/// PERFORMANCE sections captured apart and concatenated) is one snapshot.
public enum SmiQueryTextParser {
    public static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        parse(SmiLines.decode(bytes))
    }

    public static func parse(_ text: String) -> GPUHealthReport {
        var report = GPUHealthReport(source: "smi-q")
        var log = CappedDiagnostics()
        var current: Int?
        var stack: [(indent: Int, slug: String)] = []
        var poll = CancellationPoll()
        var lastLine: SmiLine?
        for line in SmiLines.split(text) {
            if poll.shouldStop() { break }
            lastLine = line
            let indent = line.text.prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
            let content = line.text.trimmedSpaces
            if content.isEmpty || content.hasPrefix("====") { continue }
            let (key, value) = split(content)
            if indent == 0 {
                stack = []
                if value == nil, content.hasPrefix("GPU "), content.count > 4 {
                    let busID = String(content.dropFirst(4).trimmedSpaces)
                    if let seen = report.gpus.firstIndex(where: { $0.pciBusID == busID }) {
                        current = seen
                    } else {
                        report.gpus.append(GPUHealthSnapshot(index: report.gpus.count, pciBusID: busID))
                        current = report.gpus.count - 1
                    }
                } else {
                    current = nil
                }
                continue
            }
            guard let gpu = current else { continue }
            while let top = stack.last, top.indent >= indent { stack.removeLast() }
            let slug = GPUHealthKey.slug(key)
            if let value, !GPUHealthKey.isAbsent(value),
               let canonical = GPUHealthKey.canonical(stack.map(\.slug) + [slug]) {
                report.gpus[gpu].set(canonical, String(value))
            }
            if !slug.isEmpty { stack.append((indent, slug)) }
        }
        if report.gpus.isEmpty {
            log.add(.error, line: nil, kind: "no gpu",
                    "not nvidia-smi -q output: no `GPU <bus id>` line at the left margin")
        } else if let last = lastLine, !last.terminated {
            log.add(.warning, line: last.number, kind: "cut", "the output ends inside a line: it was cut short")
        }
        report.diagnostics = log.finished()
        return report
    }

    /// `Key   : Value` → (`Key`, `Value`); a section heading → (heading, nil).
    private static func split(_ content: Substring) -> (Substring, Substring?) {
        guard let colon = content.firstRange(of: " : ") else {
            if content.hasSuffix(" :") { return (content.dropLast(2).trimmedSpaces, "") }
            return (content, nil)
        }
        return (content[..<colon.lowerBound].trimmedSpaces, content[colon.upperBound...].trimmedSpaces)
    }
}
