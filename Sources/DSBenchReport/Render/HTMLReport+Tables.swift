/// The table sections: failures, findings, inventory, topology and the exact suite.
extension HTMLReport {
    func failures(_ report: ReportModel, into out: inout String) {
        out += "<h2 id=\"failed\">Failed nodes and steps</h2>\n"
        if report.failedNodes.isEmpty && report.failedSteps.isEmpty { out += "<p>None.</p>\n"; return }
        if !report.failedNodes.isEmpty {
            HTMLTable.render(["node", "status", "error"], report.failedNodes.map {
                [HTMLCell($0.node), HTMLCell($0.status, "bad"), HTMLCell($0.error ?? "-")]
            }, into: &out)
        }
        if !report.failedSteps.isEmpty {
            HTMLTable.render(["step", "node", "status", "exit", "error"], report.failedSteps.map {
                [HTMLCell($0.key), HTMLCell($0.node), HTMLCell($0.status, "bad"),
                 HTMLCell($0.exitCode.map(String.init) ?? "-", "n"), HTMLCell($0.error ?? "-")]
            }, sortable: true, into: &out)
        }
    }

    func workloadMetrics(_ report: ReportModel, into out: inout String) {
        guard !report.metrics.isEmpty else { return }
        out += "<h2 id=\"metrics\">Workload metrics</h2>\n"
        HTMLTable.render(["step", "node", "metric", "value", "unit", "better"], report.metrics.map { m in
            [HTMLCell(m.step), HTMLCell(m.node ?? "-"), HTMLCell(m.name), HTMLCell(MetricText.value(m.value), "n"),
             HTMLCell(m.unit), HTMLCell(m.direction == .higher ? "higher" : "lower")]
        }, sortable: true, into: &out)
    }

    /// First after the problems when a node-level hardware rule did not pass (issue 14).
    func nodeHealth(_ report: ReportModel, into out: inout String) {
        let section = report.nodeHealth
        guard !section.isEmpty else { return }
        out += "<h2 id=\"node-health\">Node health</h2>\n"
        if !section.rows.isEmpty {
            HTMLTable.render(NodeHealthSection.columns, section.rows.map { row in row.cells.map { HTMLCell($0) } },
                             sortable: true, into: &out)
        }
        out += "<ul class=\"problems\">"
        for check in section.checks {
            out += "<li class=\"\(check.outcome.rawValue)\">\(VerdictWords.label(check.outcome)) "
                + h("\(VerdictWords.subject(check)): \(check.reason) [\(check.rule)]")
                + (check.hint.map { " — " + h($0) } ?? "") + "</li>"
        }
        out += "</ul>\n"
    }

    func gpuMeasurements(_ report: ReportModel, into out: inout String) {
        guard !report.gpuMeasurements.isEmpty else { return }
        out += "<h2 id=\"gpu-measurements\">Per-GPU measurements</h2>\n"
        for table in report.gpuMeasurements.tables {
            out += "<h3 id=\"gpu-\(table.id)\">\(h(table.title))</h3>\n"
            HTMLTable.render(table.header, table.rows.map { row in
                row.cells.enumerated().map { index, text in
                    index == row.cells.count - 1 ? HTMLCell(text, row.failing.isEmpty ? nil : "bad") : HTMLCell(text, index < 2 ? nil : "n")
                }
            }, sortable: true, into: &out)
        }
    }

    func profiles(_ report: ReportModel, into out: inout String) {
        guard !report.profiles.isEmpty else { return }
        out += "<h2 id=\"profiles\">Profiles</h2>\n"
        for table in report.profiles {
            out += "<h3>\(h(table.step)) (\(table.tool))</h3>\n"
            HTMLTable.render(ProfileText.header(table), table.kernels.map { kernel in
                ProfileText.cells(kernel, tool: table.tool).enumerated().map { HTMLCell($1, $0 == 0 ? nil : "n") }
            }, sortable: true, into: &out)
            if !table.totals.isEmpty {
                out += "<p>" + h(ProfileText.totals(table)) + "</p>\n"
            }
        }
    }

    func findings(_ report: ReportModel, into out: inout String) {
        out += "<h2 id=\"findings\">Findings</h2>\n"
        guard !report.findings.isEmpty else { out += "<p>None recorded for this run.</p>\n"; return }
        HTMLTable.render(["severity", "rule", "node", "GPU", "step", "finding", "evidence", "observed", "expected", "source"],
                         report.findings.map { f in
            [HTMLCell(f.finding.severity.rawValue, f.finding.severity == .critical ? "bad" : nil), HTMLCell(f.finding.rule),
             HTMLCell(f.finding.node ?? "-"), HTMLCell(f.finding.gpu.map(String.init) ?? "-", "n"), HTMLCell(f.finding.step ?? "-"),
             HTMLCell(f.finding.message), HTMLCell(f.finding.evidence), .number(f.finding.observed), .number(f.finding.expected),
             HTMLCell(f.source)]
        }, sortable: true, into: &out)
    }

    func inventory(_ report: ReportModel, into out: inout String) {
        out += "<h2 id=\"inventory\">Inventory</h2>\n"
        guard !report.inventory.summary.isEmpty || !report.inventory.gpus.isEmpty else {
            out += "<p>No inventory in this run.</p>\n"; return
        }
        out += "<table><thead><tr><th>attribute</th><th>values</th></tr></thead><tbody>"
        for a in report.inventory.summary {
            out += a.heterogeneous ? "<tr class=\"mixed\"><th>\(h(a.name)) (mixed)</th>" : "<tr><th>\(h(a.name))</th>"
            out += "<td>\(h(ReportText.attributeValues(a)))</td></tr>"
        }
        out += "</tbody></table>\n"
        guard !report.inventory.gpus.isEmpty else { return }
        out += "<details open><summary>every GPU</summary>"
        HTMLTable.render(["node", "GPU", "model", "driver", "VBIOS", "memory MiB", "PCIe now", "PCIe max", "power limit W"],
                         report.inventory.gpus.map { g in
            [HTMLCell(g.node), HTMLCell(String(g.index), "n"), HTMLCell(g.name), HTMLCell(g.driver), HTMLCell(g.vbios),
             HTMLCell(g.memoryMiB.map { String(Int($0)) } ?? "-", "n"), HTMLCell(g.pcieCurrent, g.pcieDegraded ? "bad" : nil),
             HTMLCell(g.pcieMax), .number(g.powerLimitW)]
        }, sortable: true, into: &out)
        out += "</details>\n"
    }

    func topology(_ report: ReportModel, into out: inout String) {
        guard !report.topology.isEmpty else { return }
        out += "<h2 id=\"topology\">Topology (nvidia-smi topo -m)</h2>\n"
        for matrix in report.topology {
            out += "<p class=\"muted\">\(matrix.nodes.count == 1 ? "node" : "\(matrix.nodes.count) nodes"): \(h(matrix.nodes.joined(separator: ", ")))</p>"
            let rows = matrix.rows.map { row in
                [HTMLCell(row.device)] + row.cells.map { HTMLCell($0, $0 == "SYS" || $0 == "NODE" || $0 == "PHB" ? "bad" : nil) }
                    + [HTMLCell(row.cpuAffinity ?? "-"), HTMLCell(row.numaAffinity ?? "-")]
            }
            HTMLTable.render([""] + matrix.devices + ["CPU affinity", "NUMA affinity"], rows, into: &out)
        }
    }

    func suite(_ report: ReportModel, into out: inout String) {
        let run = report.run
        out += "<h2 id=\"suite\">Suite and versions</h2>\n"
        var rows: [[HTMLCell]] = report.versions.map { [HTMLCell($0.name), HTMLCell($0.values.joined(separator: ", "))] }
        rows.append([HTMLCell("suite"), HTMLCell(run.suite)])
        rows.append([HTMLCell("suite sha256"), HTMLCell(run.suiteHash.isEmpty ? "- (ingested logs)" : run.suiteHash)])
        rows.append([HTMLCell("run by"), HTMLCell([run.user, run.host].compactMap { $0 }.joined(separator: "@"))])
        rows.append([HTMLCell("source"), HTMLCell(run.source)])
        for label in run.labels { rows.append([HTMLCell("label \(label.key)"), HTMLCell(label.value)]) }
        HTMLTable.render(["what", "value"], rows, into: &out)
        if let text = run.suiteText {
            out += "<h3>The exact suite that ran</h3><pre>\(h(text))</pre>\n"
        } else {
            out += "<p class=\"muted\">This run was ingested from logs: there is no suite text.</p>\n"
        }
    }
}
