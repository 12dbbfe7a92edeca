import Foundation

/// Everything one invocation measured, printed as a table or JSON.
struct BenchReport: Encodable {
    var machine: MachineInfo
    var quick: Bool
    var startedAt: String
    var results: [BenchmarkResult]

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func table() -> String {
        var lines: [String] = []
        lines.append("dsbench-bench (\(machine.build) build\(quick ? ", --quick: small inputs, not reference numbers" : ""))"
            + ", started \(startedAt)")
        lines.append("machine: \(machine.cpuModel), nproc \(machine.processors), "
            + "\(fixed(machine.memoryGiB, 1)) GiB memory, kernel \(machine.kernel), load average "
            + "\(machine.loadAverageStart.map { fixed($0, 2) } ?? "?") at start, "
            + "\(machine.loadAverageEnd.map { fixed($0, 2) } ?? "?") at end")
        lines.append("")
        let header = [pad("benchmark", 34), pad("reps", 4, right: true), pad("median s", 9, right: true),
                      pad("min s", 8, right: true), pad("cpu/wall", 8, right: true),
                      pad("median rate", 17, right: true), pad("best rate", 17, right: true),
                      pad("per CPU second", 17, right: true), "  target (median)"]
        lines.append(header.joined(separator: " "))
        lines.append(String(repeating: "-", count: 150))
        for result in results {
            for (offset, rate) in result.rates.enumerated() {
                let first = offset == 0
                let target = rate.target.map { "≥ \(humanRate($0, rate.unit)) " + (rate.targetMet == true ? "met" : "NOT MET") } ?? ""
                lines.append([
                    pad(first ? result.title : "", 34),
                    pad(first ? String(result.repetitions) : "", 4, right: true),
                    pad(first ? fixed(result.medianSeconds, 3) : "", 9, right: true),
                    pad(first ? fixed(result.minSeconds, 3) : "", 8, right: true),
                    pad(first ? fixed(result.medianCPUShare, 2) : "", 8, right: true),
                    pad(humanRate(rate.median, rate.unit), 17, right: true),
                    pad(humanRate(rate.best, rate.unit), 17, right: true),
                    pad(humanRate(rate.perCPUSecond, rate.unit), 17, right: true),
                    "  " + target,
                ].joined(separator: " "))
            }
        }
        lines.append("")
        for result in results {
            lines.append("\(result.title): \(result.input)")
            for phase in result.phases { lines.append("    phase \(phase.name): \(fixed(phase.medianSeconds, 3)) s (median)") }
            for note in result.notes { lines.append("    " + note) }
        }
        lines.append("")
        lines.append("MB = 10^6 bytes. median rate = amount / median wall time; best rate = amount / fastest repetition; "
            + "per CPU second = amount / median process CPU time.")
        lines.append("cpu/wall below 1: the process waited (another process had the core, or the disk). "
            + "Targets are judged on the median wall rate.")
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = max(0, width - text.count)
        return right ? String(repeating: " ", count: gap) + text : text + String(repeating: " ", count: gap)
    }
}

/// `131.2 MB/s`, `1.24 M rows/s`, `812 k rows/s`, `95.3 files/s`.
func humanRate(_ value: Double, _ unit: String) -> String {
    if unit == "MB/s" { return fixed(value, 1) + " MB/s" }
    if value >= 1e6 { return fixed(value / 1e6, 2) + " M " + unit }
    if value >= 1e4 { return fixed(value / 1e3, 0) + " k " + unit }
    return fixed(value, 1) + " " + unit
}
