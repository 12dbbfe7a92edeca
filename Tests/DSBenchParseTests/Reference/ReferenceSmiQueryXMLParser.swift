// The parser as it was on main (4c8082f), before the parsers branch made it faster; kept verbatim
// but renamed: ParserEquivalenceTests.swift compares the new one with it.
@testable import DSBenchParse

import DSBenchCore

/// `nvidia-smi -q -x`: the same readings as the text form, from the XML (DTD nvsmi_device_v13;
/// captures in Tests/Fixtures/health/). A byte scanner, not an XML library: the document is flat
/// and regular, the parsers link no Foundation, and a cut or corrupted document must still give
/// what it holds. Each `<gpu id="…">` is a snapshot; every leaf element below it is a reading at
/// its element path, kept when `GPUHealthKey` knows it.
enum ReferenceSmiQueryXMLParser {
    static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        var report = GPUHealthReport(source: "smi-q-xml")
        var log = CappedDiagnostics()
        // Element names from the root down; `gpuDepth` is where the current GPU's element sits.
        var stack: [String] = []
        var gpuDepth: Int?
        var textStart = 0
        var sawChild = false
        var canonicalCache: [String: String?] = [:]
        var index = 0
        var poll = CancellationPoll(every: 4096)
        let count = bytes.count
        while index < count {
            if poll.shouldStop() { break }
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            guard let end = tagEnd(bytes, from: index + 1) else {
                log.add(.warning, line: nil, kind: "cut", "the document ends inside a tag: it was cut short")
                break
            }
            guard bytes[end] == UInt8(ascii: ">") else {
                // A `<` before the `>`: a broken tag; read on from the next one.
                log.add(.warning, line: nil, kind: "broken tag", "a tag without its `>`; skipped")
                index = end
                continue
            }
            let close = end
            let tag = bytes[(index + 1)..<close]
            defer { index = close + 1 }
            guard let first = tag.first, first != UInt8(ascii: "?"), first != UInt8(ascii: "!") else { continue }
            if first == UInt8(ascii: "/") {
                let name = String(decoding: tag.dropFirst().prefix { !isSpace($0) }, as: UTF8.self)
                guard let open = stack.lastIndex(of: name) else {
                    log.add(.warning, line: nil, kind: "unmatched", "closing tag </\(name)> without its opening tag; skipped")
                    continue
                }
                if open == stack.count - 1, !sawChild, let gpu = gpuDepth, open > gpu, let current = report.gpus.indices.last {
                    let text = decodeEntities(bytes[textStart..<index])
                    let trimmed = text.trimmedSpaces
                    // The canonical key of each distinct element path, computed once.
                    let path = stack[(gpu + 1)...].joined(separator: "/")
                    let key: String?
                    if let cached = canonicalCache[path] {
                        key = cached
                    } else {
                        key = GPUHealthKey.canonical(stack[(gpu + 1)...].map { GPUHealthKey.slug($0[...]) })
                        canonicalCache[path] = key
                    }
                    if !GPUHealthKey.isAbsent(trimmed), let key {
                        report.gpus[current].set(key, String(trimmed))
                    }
                }
                if let gpu = gpuDepth, open <= gpu { gpuDepth = nil }
                stack.removeSubrange(open...)
                sawChild = true
                continue
            }
            let selfClosing = tag.last == UInt8(ascii: "/")
            let name = String(decoding: tag.prefix { !isSpace($0) && $0 != UInt8(ascii: "/") }, as: UTF8.self)
            if selfClosing { sawChild = true; continue }
            if name == "gpu", gpuDepth == nil {
                let busID = attribute("id", in: tag)
                report.gpus.append(GPUHealthSnapshot(index: report.gpus.count, pciBusID: busID))
                gpuDepth = stack.count
            }
            stack.append(name)
            sawChild = false
            textStart = close + 1
        }
        if report.gpus.isEmpty {
            log.add(.error, line: nil, kind: "no gpu", "not nvidia-smi -q -x output: no <gpu id=…> element")
        } else if gpuDepth != nil || !stack.isEmpty, !log.items.contains(where: { $0.severity == .warning }) {
            log.add(.warning, line: nil, kind: "cut", "the document ends before </\(stack.first ?? "nvidia_smi_log")>: it was cut short")
        }
        report.diagnostics = log.finished()
        return report
    }

    /// The `>` that ends the tag opened before `start`, or the `<` of a next tag when it comes first.
    private static func tagEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var at = start
        while at < bytes.count {
            if bytes[at] == UInt8(ascii: ">") || bytes[at] == UInt8(ascii: "<") { return at }
            at += 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func attribute(_ name: String, in tag: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: tag, as: UTF8.self)
        guard let start = text.firstRange(of: name + "=\"") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("&") else { return text }
        return text.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"")
            .replacingAll("&apos;", with: "'").replacingAll("&amp;", with: "&")
    }
}
