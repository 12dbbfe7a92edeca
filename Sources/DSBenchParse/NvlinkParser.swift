import DSBenchCore

/// `nvidia-smi nvlink -s` (docs/formats.md §4.3): per GPU, each link's rate or `<inactive>`.
public enum NvlinkParser {
    public static func parse(_ text: String) -> NvlinkStatus {
        var status = NvlinkStatus()
        var log = CappedDiagnostics()
        var poll = CancellationPoll()
        for line in SmiLines.split(text) {
            if poll.shouldStop() { break }
            let trimmed = line.text.trimmedSpaces
            if trimmed.isEmpty { continue }
            if let gpu = gpuHeader(trimmed, line: line.number, log: &log) {
                status.gpus.append(gpu)
                continue
            }
            if let link = linkLine(trimmed, line: line.number, log: &log) {
                if status.gpus.isEmpty {
                    log.add(.warning, line: line.number, kind: "orphan link", "link line before any GPU line ignored")
                } else {
                    status.gpus[status.gpus.count - 1].links.append(link)
                }
                continue
            }
            log.add(.warning, line: line.number, kind: "unknown line", "unrecognised line ignored: \(trimmed.prefix(80))")
        }
        if status.gpus.isEmpty && log.items.isEmpty {
            log.add(.warning, line: nil, kind: "empty", "no GPU found in nvlink status output")
        } else if !status.gpus.isEmpty, status.gpus.allSatisfy(\.links.isEmpty) {
            log.add(.warning, line: nil, kind: "no links",
                    "no 'Link N:' line for any GPU: this reads like `nvidia-smi -L`, not `nvidia-smi nvlink -s`")
        }
        status.diagnostics = log.finished()
        return status
    }

    public static func parse(_ bytes: [UInt8]) -> NvlinkStatus {
        parse(SmiLines.decode(bytes))
    }

    /// `GPU 0: NVIDIA H200 (UUID: GPU-7d58ef82-…)`.
    private static func gpuHeader(_ line: Substring, line number: Int, log: inout CappedDiagnostics) -> NvlinkGPU? {
        guard line.hasPrefix("GPU ") else { return nil }
        let afterWord = line.dropFirst(4)
        let digits = afterWord.prefix(while: \.isASCIIDigitLike)
        guard !digits.isEmpty, digits.count <= 9, let index = Int(digits),
              afterWord.dropFirst(digits.count).hasPrefix(":") else { return nil }
        var rest = afterWord.dropFirst(digits.count + 1).trimmedSpaces
        var uuid = ""
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "("),
           rest[rest.index(after: open)...].hasPrefix("UUID:") {
            uuid = String(rest[rest.index(open, offsetBy: 6)..<rest.index(before: rest.endIndex)].trimmedSpaces)
            rest = rest[..<open].trimmedSpaces
        } else {
            log.add(.warning, line: number, kind: "no uuid", "GPU \(index) line has no '(UUID: …)'")
        }
        return NvlinkGPU(index: index, name: String(rest), uuid: uuid)
    }

    /// `Link 0: 26.562 GB/s`, `Link 4: <inactive>`, with any trailing text kept as the note.
    private static func linkLine(_ line: Substring, line number: Int, log: inout CappedDiagnostics) -> NvlinkLink? {
        guard line.hasPrefix("Link ") else { return nil }
        let afterWord = line.dropFirst(5)
        let digits = afterWord.prefix(while: \.isASCIIDigitLike)
        guard !digits.isEmpty, digits.count <= 9, let link = Int(digits),
              afterWord.dropFirst(digits.count).hasPrefix(":") else { return nil }
        let rest = afterWord.dropFirst(digits.count + 1).trimmedSpaces
        if rest.hasPrefix("<inactive>") {
            return NvlinkLink(link: link, gbPerSecond: nil, inactive: true, note: note(rest.dropFirst(10)))
        }
        let rateText = rest.prefix { $0.isASCIIDigitLike || $0 == "." }
        let afterNumber = rest.dropFirst(rateText.count).trimmedSpaces
        if let rate = Double(rateText), rate.isFinite, afterNumber.hasPrefix("GB/s") {
            return NvlinkLink(link: link, gbPerSecond: rate, inactive: false, note: note(afterNumber.dropFirst(4)))
        }
        log.add(.warning, line: number, kind: "unknown rate", "link \(link) rate '\(rest.prefix(40))' not understood; kept as a note")
        return NvlinkLink(link: link, gbPerSecond: nil, inactive: false, note: rest.isEmpty ? nil : String(rest))
    }

    private static func note(_ text: Substring) -> String? {
        let trimmed = text.trimmedSpaces
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}
