import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchVerdict

/// The "node health" section `show` and the report put first when a node-level hardware check
/// did not pass: per node × GPU the newest health readings, and the verdict's checks about them.
/// Which checks failed is the verdict's; this only picks the node-level ones out to show together.
public struct NodeHealthSection: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var node: String
        public var gpu: Int
        public var cells: [String]
    }

    public static let columns = ["node", "GPU", "ECC uncorr. (vol/agg)", "row remap", "clock events active",
                                 "temp GPU/mem °C", "power W (limit)", "Xid"]

    public var rows: [Row]
    /// Checks of node-level hardware rules (`gpu.*`, `nvswitch.*`, `pcie.*`) that did not pass.
    public var checks: [VerdictCheck]

    public var isEmpty: Bool { checks.isEmpty }

    public static func build(states: [HealthGPUState], events: [HealthKernelEvent], verdict: Verdict) -> NodeHealthSection {
        let checks = verdict.checks.filter { check in
            check.outcome != .pass && ["gpu.", "nvswitch.", "pcie."].contains { check.rule.hasPrefix($0) }
        }
        var order: [String] = []
        var byGPU: [String: [HealthGPUState]] = [:]
        for state in states {
            let key = "\(state.node)\u{0}\(state.index)"
            if byGPU[key] == nil { order.append(key) }
            byGPU[key, default: []].append(state)
        }
        let rows = order.compactMap { key -> Row? in
            guard let list = byGPU[key]?.sorted(by: { $0.capture < $1.capture }), let first = list.first else { return nil }
            let latest = { (name: String) -> GPUHealthValue? in list.reversed().lazy.compactMap { $0.values[name] }.first }
            let number = { (name: String) -> String? in latest(name).map { $0.number.map(Self.number) ?? $0.text } }
            let volatile = ["ecc.volatile.dram_uncorrectable", "ecc.volatile.sram_uncorrectable_parity",
                            "ecc.volatile.sram_uncorrectable_secded", "ecc.volatile.uncorrected_total"].compactMap { latest($0)?.number }
            let aggregate = ["ecc.aggregate.dram_uncorrectable", "ecc.aggregate.sram_uncorrectable_parity",
                             "ecc.aggregate.sram_uncorrectable_secded", "ecc.aggregate.uncorrected_total"].compactMap { latest($0)?.number }
            let ecc = volatile.isEmpty && aggregate.isEmpty ? "–"
                : "\(volatile.isEmpty ? "–" : Self.number(volatile.max() ?? 0))/\(aggregate.isEmpty ? "–" : Self.number(aggregate.max() ?? 0))"
            let remap = [("pending", "remapped_rows.pending"), ("failed", "remapped_rows.failure")]
                .filter { latest($0.1)?.isOn == true }.map(\.0)
            let remapText = remap.isEmpty ? (latest("remapped_rows.pending") == nil ? "–" : "no") : remap.joined(separator: ", ")
            let reasons = GPUHealthKey.slowdownReasons.filter { latest($0)?.isOn == true }
                .map { String($0.dropFirst("clocks_event.".count)) }
            let temperature = [number("temperature.gpu"), number("temperature.memory")].map { $0 ?? "–" }.joined(separator: "/")
            let power = (number("power.draw_average") ?? number("power.draw") ?? "–")
                + (number("power.limit").map { " (\($0))" } ?? "")
            let xids = Set(events.filter { event in
                event.node == first.node && event.event.kind == .xid && Self.samePCI(event.event.pciAddress, first.pciBusID)
            }.map(\.event.code)).sorted().map(String.init)
            return Row(node: first.node, gpu: first.index,
                       cells: [first.node, String(first.index), ecc, remapText, reasons.isEmpty ? "none" : reasons.joined(separator: ", "),
                               temperature, power, xids.isEmpty ? "–" : xids.joined(separator: ", ")])
        }
        return NodeHealthSection(rows: rows, checks: checks)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String((value * 100).rounded() / 100)
    }

    /// `0000:00:06` (an Xid line) and `00000000:00:06.0` (nvidia-smi) are the same GPU.
    static func samePCI(_ xid: String?, _ smi: String?) -> Bool {
        guard let xid, let smi else { return false }
        let a = xid.split(separator: ":"), b = smi.split(separator: ":")
        guard a.count >= 3, b.count >= 3 else { return false }
        let device = { (part: Substring) in UInt32(part.split(separator: ".").first ?? part, radix: 16) }
        return UInt32(a[0], radix: 16) == UInt32(b[0], radix: 16) && UInt32(a[1], radix: 16) == UInt32(b[1], radix: 16)
            && device(a[2]) == device(b[2])
    }
}

/// The section as `show` prints it.
public enum NodeHealthText {
    public static func render(_ section: NodeHealthSection) -> String {
        guard !section.isEmpty else { return "" }
        var out = "\nnode health\n"
        if !section.rows.isEmpty {
            out += TextTable.render(header: NodeHealthSection.columns, rows: section.rows.map(\.cells), indent: 2)
        }
        for check in section.checks {
            out += "  " + VerdictWords.line(check) + "\n"
            if !check.evidence.isEmpty { out += "      evidence: \(check.evidence)\n" }
            if let hint = check.hint { out += "      check: \(hint)\n" }
        }
        return out
    }

    /// The section as the Markdown report prints it (cells escaped by `cell`).
    public static func markdown(_ section: NodeHealthSection, cell: (String) -> String) -> String {
        guard !section.isEmpty else { return "" }
        var out = "## Node health\n\n"
        if !section.rows.isEmpty {
            out += "| " + NodeHealthSection.columns.joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: "---|", count: NodeHealthSection.columns.count) + "\n"
            for row in section.rows { out += "| " + row.cells.map(cell).joined(separator: " | ") + " |\n" }
            out += "\n"
        }
        for check in section.checks {
            out += "- **\(VerdictWords.label(check.outcome))** " + cell("\(VerdictWords.subject(check)): \(check.reason) [\(check.rule)]")
                + (check.hint.map { " — " + cell($0) } ?? "") + "\n"
        }
        return out + "\n"
    }
}
