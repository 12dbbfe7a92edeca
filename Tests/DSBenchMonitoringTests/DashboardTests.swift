import DSBenchReport
import DSBenchTestSupport
import Foundation
import Testing

/// The shipped Grafana dashboard and alert rules are built on metrics dsbench exports, and every
/// expression in them is PromQL that Prometheus's own parser accepts.
@Suite struct DashboardTests {
    /// Every metric name any export of the fixture runs writes, the CLI-made nightly runs included
    /// (workload metrics and a profiler trace through `check`).
    static func exportedNames() throws -> Set<String> {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        var names = Set(fixtures.runs.flatMap { $0.model.names })
        let dsbench = try DsbenchCLI("dashboard-names")
        defer { dsbench.remove() }
        let suite = try dsbench.nightlySuite()
        let check = try dsbench.run(["check", suite, "--prometheus", dsbench.path("nightly.prom")])
        #expect(check.status == 0, "\(check)")
        names.formUnion(try Exposition(try String(contentsOfFile: dsbench.path("nightly.prom"), encoding: .utf8)).samples.map(\.name))
        return names
    }

    /// `expr` of every panel target and `query` of every templating variable.
    static func expressions(_ dashboard: [String: Any]) -> [String] {
        var found: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let expr = object["expr"] as? String { found.append(expr) }
                for (key, child) in object where key != "expr" { walk(child) }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(dashboard["panels"] ?? [])
        for variable in (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? [] {
            if let query = (variable["query"] as? [String: Any])?["query"] as? String ?? variable["query"] as? String,
               variable["type"] as? String == "query" {
                found.append(query)
            }
        }
        return found
    }

    /// Identifiers that name a dsbench metric (`dsbench_…`) in an expression.
    static func metricNames(in expression: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "\\bdsbench_[a-zA-Z0-9_:]*")
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(pattern.matches(in: expression, range: range).compactMap { Range($0.range, in: expression).map { String(expression[$0]) } })
    }

    /// Grafana's variables as PromQL values: `label_values(m{…}, l)` becomes `m{…}`.
    static func promQL(_ expression: String) -> String {
        var text = expression
        if text.hasPrefix("label_values("), let comma = text.lastIndex(of: ",") {
            text = String(text[text.index(text.startIndex, offsetBy: "label_values(".count)..<comma])
        }
        for variable in ["$__rate_interval", "$__interval", "$__range"] { text = text.replacingOccurrences(of: variable, with: "5m") }
        return text.replacingOccurrences(of: "$suite", with: ".*").replacingOccurrences(of: "$collective", with: ".*")
            .replacingOccurrences(of: "$node", with: ".*")
    }

    @Test func theDashboardIsValidJSONOnExportedMetricsAndItsQueriesParse() throws {
        let data = try Data(contentsOf: Monitoring.dashboard)
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(dashboard["uid"] as? String == "dsbench" && dashboard["title"] as? String == "dsbench")
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let titles = panels.compactMap { $0["title"] as? String }
        for wanted in ["Verdict per suite over time", "busbw per collective and node (bandwidth band, >= 64 MiB)",
                       "Fleet heatmap: busbw over the fleet median (bandwidth band)", "Findings by class and severity"] {
            #expect(titles.contains(wanted), "no panel '\(wanted)' in \(titles)")
        }
        #expect(Set(panels.compactMap { $0["id"] as? Int }).count == panels.count, "panel ids repeat")

        let expressions = Self.expressions(dashboard)
        #expect(expressions.count >= 14, "\(expressions)")
        let exported = try Self.exportedNames()
        for expression in expressions {
            let names = Self.metricNames(in: expression)
            #expect(!names.isEmpty, "no dsbench metric in \(expression)")
            #expect(names.isSubset(of: exported), "not exported: \(names.subtracting(exported).sorted()) in \(expression)")
        }

        // Prometheus's parser on each expression: recording rules, checked by promtool.
        let rules = "groups:\n  - name: dashboard\n    rules:\n" + expressions.enumerated().map { index, expression in
            "      - record: dashboard:query_\(index)\n        expr: '\(Self.promQL(expression).replacingOccurrences(of: "'", with: "''"))'"
        }.joined(separator: "\n") + "\n"
        let scratch = try makeScratchDirectory("dsbench-dashboard")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("dashboard-rules.yml").path
        try Data(rules.utf8).write(to: URL(fileURLWithPath: file))
        let check = try Tools.run(Tools.promtool, ["check", "rules", file])
        #expect(check.status == 0 && check.output.contains("SUCCESS: \(expressions.count) rules found"), "\(check.output)\n\(rules)")
    }

    @Test func theAlertRulesUseOnlyExportedMetrics() throws {
        let text = try String(contentsOf: Monitoring.rules, encoding: .utf8)
        let exprs = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("expr:") ? String(trimmed.dropFirst(5)) : nil
        }
        #expect(exprs.count == 5)
        let exported = try Self.exportedNames()
        for expr in exprs {
            let names = Self.metricNames(in: expr)
            #expect(!names.isEmpty && names.isSubset(of: exported), "\(expr): \(names.subtracting(exported))")
        }
    }
}
