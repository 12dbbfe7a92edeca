import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import DSBenchVerdict

/// `dsbench show RUN`: the run, its nodes' inventory, each step with its key number, and problems.
public enum RunText {
    /// Control characters in names, captured values and messages are escaped (`TerminalText`).
    public static func render(_ view: RunView) -> String {
        TerminalText.escape(unescaped(view), keepingLineBreaks: true)
    }

    private static func unescaped(_ view: RunView) -> String {
        let run = view.detail.run
        var out = "run \(run.id) · suite \(run.suiteName) · \(run.status.rawValue) · \(TimeFormat.utc(run.startedAt))"
        out += " (\(TimeFormat.seconds(from: run.startedAt, to: run.endedAt)))"
        out += " · dsbench \(run.dsbenchVersion)"
        if let user = run.user, let host = run.host { out += " · \(user)@\(host)" }
        out += "\n"
        out += NodeHealthText.render(view.nodeHealth)

        out += "\nnodes\n"
        for node in view.detail.nodes {
            out += "  " + nodeLine(node, gpus: view.gpus.filter { $0.node == node.name },
                                   inventory: view.inventories.first { $0.node == node.name },
                                   facts: view.facts.filter { $0.node == node.name }) + "\n"
        }
        for note in InventoryNotes.lines(view.inventories, steps: view.detail.steps) { out += "  NOTE \(note)\n" }

        out += "\nsteps\n"
        let rows = view.detail.steps.map { step in
            [String(step.seq + 1), step.key, step.status.rawValue,
             TimeFormat.seconds(from: step.startedAt, to: step.endedAt), result(step, headline: view.headlines[step.id])]
        }
        // The table's line i + 1 is step i: its metric summaries go right under it.
        let table = TextTable.render(header: ["#", "step", "status", "time", "result"], rows: rows, indent: 2)
        for (index, line) in table.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            out += line + "\n"
            guard index > 0, index - 1 < view.detail.steps.count else { continue }
            let step = view.detail.steps[index - 1]
            if let planned = step.plannedArgv {
                let changes = RunTimeArgv.changes(planned: planned, executed: step.argv)
                out += "       decided at run time: " + changes.joined(separator: "; ") + "\n"
            }
            for metric in view.metrics[step.id] ?? [] where !ProfileTable.isProfileMetric(metric.metric.name) {
                out += "       metric " + MetricText.line(metric) + "\n"
            }
            if let profile = view.profiles[step.id] { out += ProfileText.render(profile) }
        }

        if view.detail.idleDmonSampleCount > 0 {
            out += "  dmon ran for the whole run: \(counted(view.detail.idleDmonSampleCount, "sample")) between steps "
                + "(idle; drawn in the report's telemetry charts)\n"
        }
        out += PairMatrixText.render(view.pairMatrices)
        out += GPUMeasurementText.render(view.gpuMeasurements)

        let verdict = view.judgement.verdict
        out += "\nverdict: \(verdict.headline) (exit \(verdict.exitCode)"
            + (view.judgement.judgedBy.map { view.judgement.stored ? ", judged by \($0)" : ", judged now: not stored" } ?? "")
            + (verdict.baseline.map { "; baseline \($0.label)" } ?? "") + ")\n"
        // Every stored finding is a check of the verdict: listed here once, with its evidence.
        for check in VerdictWords.notable(verdict) {
            out += "  " + VerdictWords.line(check) + "\n"
            if !check.evidence.isEmpty { out += "      evidence: \(check.evidence)\n" }
            if let hint = check.hint { out += "      check: \(hint)\n" }
        }
        out += NodeCauseText.render(NodeCause.links(verdict))
        out += diagnostics(view.diagnostics, runID: run.id)
        return out
    }

    /// How many the parsers reported, by severity, and the first warnings and errors with the
    /// capture they are in: `warning e_p2p_disable#0@vm: ingest.stdout line 195: row cut short …`.
    static func diagnostics(_ rows: [DiagnosticRow], runID: Int64, shown: Int = 5) -> String {
        guard !rows.isEmpty else { return "" }
        let counts = [Diagnostic.Severity.error, .warning, .note].compactMap { severity -> String? in
            let n = rows.filter { $0.diagnostic.severity == severity }.count
            return n == 0 ? nil : counted(n, severity.rawValue)
        }
        var out = "\n\(counted(rows.count, "parser diagnostic")): \(counts.joined(separator: ", "))\n"
        let serious = rows.filter { $0.diagnostic.severity != .note }
        for row in serious.prefix(shown) {
            out += "  \(row.diagnostic.severity.rawValue) \(row.source ?? "?")"
                + (row.diagnostic.line.map { " line \($0)" } ?? "") + ": \(row.diagnostic.message)\n"
        }
        if rows.count > min(serious.count, shown) { out += "  `dsbench show \(runID) --json` lists all of them\n" }
        return out
    }

    /// `1 warning`, `3 warnings`.
    static func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// `inventory`: the node's GPUs counted once over all its inventories (a suite that takes one
    /// before and one after lists every GPU twice).
    static func nodeLine(_ node: NodeDetail, gpus: [InventoryGPURow], inventory: NodeInventory?, facts: [FactRow]) -> String {
        var parts = [node.name + (node.hostname.map { $0 != node.name ? " (\($0))" : "" } ?? "")]
        if node.status != nil && node.status != "ok" { parts.append("\(node.status!): \(node.error ?? "")") }
        let models = (inventory?.models ?? []).map { "\($0.count) × \($0.name)" }
        if !models.isEmpty { parts.append(models.joined(separator: " + ")) }
        func fact(_ key: String) -> String? {
            let values = Set(facts.filter { $0.key == key }.map(\.value)).sorted()
            return values.isEmpty ? nil : values.joined(separator: "/")
        }
        let drivers = Set(gpus.compactMap(\.driverVersion)).sorted()
        if !drivers.isEmpty { parts.append("driver \(drivers.joined(separator: "/"))") }
        if let cuda = fact("cuda_version") { parts.append("CUDA \(cuda)") }
        if let nccl = fact("nccl_version") { parts.append("NCCL \(nccl)") }
        if let tests = fact("nccl_tests_version") { parts.append("nccl-tests \(tests)") }
        let links = Set(gpus.compactMap { g -> String? in
            guard let gen = g.pcieGenMax, let width = g.pcieWidthMax else { return nil }
            return "PCIe gen\(gen) x\(width)"
        }).sorted()
        if !links.isEmpty { parts.append(links.joined(separator: "/") + " (max)") }
        if let kernel = fact("kernel") { parts.append("kernel \(kernel)") }
        // One line per node whatever its name or its GPUs' names hold.
        return TerminalText.escape(parts.joined(separator: ", "))
    }

    /// `headline`: the step's busbw figures with implausible values left out (`NcclBusbwHeadline`).
    static func result(_ step: StepDetail, headline: NcclBusbwHeadline?) -> String {
        if let nccl = step.nccl {
            var text = "\(nccl.collective ?? nccl.program ?? "nccl")"
            if let ranks = nccl.ranks { text += " ×\(ranks)" }
            if headline?.isNotMeasuredOnOneRank == true {
                text += ": not measured on 1 rank (busbw is 0 by definition)"
            } else {
                text += ": max busbw \(TimeFormat.number(headline?.maxBusbw)) GB/s, avg \(TimeFormat.number(headline?.avgBusbw))"
            }
            text += ", \(nccl.rowCount) rows"
            if let implausible = headline?.implausible, implausible > 0 {
                text += ", \(implausible) implausible value\(implausible == 1 ? "" : "s") left out"
            }
            if !nccl.complete { text += ", INCOMPLETE" }
            if nccl.outOfBoundsOK == false { text += ", OOB FAILED" }
            return text
        }
        if step.dmonSampleCount > 0 { return "\(step.dmonSampleCount) dmon samples" }
        return step.kind
    }
}

/// Left-aligned columns separated by two spaces; each cell on one line, its control characters
/// escaped (`TerminalText`).
enum TextTable {
    static func render(header: [String], rows: [[String]], indent: Int = 0) -> String {
        let all = ([header] + rows).map { $0.map { TerminalText.escape($0) } }
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        let pad = String(repeating: " ", count: indent)
        return all.map { row in
            pad + row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
