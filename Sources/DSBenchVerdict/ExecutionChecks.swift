import DSBenchCore

/// One `error` check per step that did not complete and per node that could not be used.
enum ExecutionChecks {
    static func of(_ execution: ExecutionRecord) -> [VerdictCheck] {
        var checks: [VerdictCheck] = []
        for node in execution.nodes where node.status != "ok" {
            checks.append(VerdictCheck(
                rule: "execution.node", ruleClass: .execution, subject: "node \(node.name)", node: node.name,
                outcome: .error, severity: .critical, reason: "node \(node.name) \(node.status)"
                    + (node.error.map { ": \($0)" } ?? ""),
                hint: "dsbench doctor checks reachability, login, nvidia-smi and nccl-tests per node"))
        }
        for step in execution.steps where step.status == "skipped" {
            // A step that could not run here (its program is missing) is neither a pass nor a
            // fault of the hardware: it is reported with the reason and what to install.
            checks.append(VerdictCheck(
                rule: "execution.step", ruleClass: .execution, subject: step.key, node: step.node, step: step.key,
                outcome: .skipped, severity: .warning, reason: "step \(step.key) skipped"
                    + (step.error.map { ": \($0)" } ?? "")))
        }
        for step in execution.steps where step.status != "completed" && step.status != "skipped" {
            checks.append(VerdictCheck(
                rule: "execution.step", ruleClass: .execution, subject: step.key, node: step.node, step: step.key,
                outcome: .error, severity: .critical, reason: "step \(step.key) \(step.status)"
                    + (step.error.map { ": \($0)" } ?? "")))
        }
        let completed = execution.steps.filter { $0.status == "completed" || $0.status == "skipped" }.count
        if !execution.steps.isEmpty && completed == execution.steps.count && execution.runStatus != "completed" {
            checks.append(VerdictCheck(
                rule: "execution.run", ruleClass: .execution, subject: "run", outcome: .error, severity: .critical,
                reason: "the run is \(execution.runStatus), though every recorded step completed"))
        }
        if !execution.steps.isEmpty && checks.isEmpty {
            checks.append(VerdictCheck(
                rule: "execution.step", ruleClass: .execution, subject: "steps", outcome: .pass, severity: .info,
                reason: "all \(execution.steps.count) steps completed"))
        }
        return checks
    }
}
