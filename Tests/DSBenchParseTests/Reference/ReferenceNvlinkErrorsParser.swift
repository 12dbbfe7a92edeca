// The parser as it was on main (4c8082f), before the parsers branch made it faster; kept verbatim
// but renamed: ParserEquivalenceTests.swift compares the new one with it.
@testable import DSBenchParse

import DSBenchCore

/// `nvidia-smi nvlink -e`: per GPU, per link, the error counters NVML keeps (Replay, Recovery,
/// CRC, and on some drivers CRC Data / CRC Flit separately). No real capture exists here (the H200
/// machines lent so far have none with NVLink errors to show, and the 8×H200 capture set has no
/// `-e`); the layout is NVIDIA's documented one, built into Tests/Fixtures/health/ and said so there:
///
///     GPU 0: NVIDIA H200 (UUID: GPU-…)
///          Link 0: Replay Errors: 0
///          Link 0: Recovery Errors: 0
///          Link 0: CRC Errors: 0
///
/// Each counter becomes `nvlink.link<N>.<counter>` (`nvlink.link0.crc_errors`).
enum ReferenceNvlinkErrorsParser {
    static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        var report = GPUHealthReport(source: "nvlink-errors")
        var log = CappedDiagnostics()
        var poll = CancellationPoll()
        for line in SmiLines.split(SmiLines.decode(bytes)) {
            if poll.shouldStop() { break }
            let text = line.text.trimmedSpaces
            if text.hasPrefix("GPU "), let colon = text.firstIndex(of: ":") {
                let number = text[text.index(text.startIndex, offsetBy: 4)..<colon]
                report.gpus.append(GPUHealthSnapshot(index: Int(number) ?? report.gpus.count))
                continue
            }
            guard text.hasPrefix("Link "), !report.gpus.isEmpty else { continue }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmedSpaces }
            guard parts.count >= 3, let link = Int(parts[0].dropFirst(5)) else {
                log.add(.warning, line: line.number, kind: "link line", "a Link line without `Link N: Counter: value`")
                continue
            }
            // `Link 0: Replay Errors: 0` (one counter a line); a value of `N/A` is no reading.
            let counter = GPUHealthKey.slug(parts[1])
            let value = parts[2...].joined(separator: ":").trimmedSpaces
            guard !counter.isEmpty, !GPUHealthKey.isAbsent(value) else { continue }
            report.gpus[report.gpus.count - 1].set("nvlink.link\(link).\(counter)", String(value))
        }
        if report.gpus.isEmpty {
            log.add(.error, line: nil, kind: "no gpu", "not nvidia-smi nvlink -e output: no `GPU N:` line")
        }
        report.diagnostics = log.finished()
        return report
    }
}
