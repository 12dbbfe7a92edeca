import DSBenchCore

/// Human-readable plan for `dsbench plan`: one block per planned step.
public enum PlanText {
    public static func render(_ plan: Plan) -> String {
        var text = ""
        write(plan) { text += $0 }
        return text
    }

    /// The plan a step at a time, each block handed to `emit` as it is made: a plan of 523,776
    /// pair jobs is never one string (docs/performance.md).
    public static func write(_ plan: Plan, to emit: (String) -> Void) {
        let nodeSummary = plan.nodes.count == 1 ? "1 node (\(plan.nodes[0]))"
            : "\(plan.nodes.count) nodes (\(Hostlist.compress(plan.nodes)))"
        emit("suite \(plan.suiteName): \(plan.steps.count) planned steps on \(nodeSummary)\n")
        let rounds = PairPlanText(plan)
        for (index, step) in plan.steps.enumerated() {
            var lines = [""]
            if let round = rounds.line(before: index) { lines += [round, ""] }
            lines.append("[\(step.seq)] \(step.key)  \(step.kind.rawValue)"
                + (step.expectDegraded ? "  expect: degraded (judged against its own kind, not as a fault of the machine)" : ""))
            for command in step.commands {
                var header = "    \(command.label): \(ShellQuote.join(command.argv))"
                if command.optional { header += "  (optional)" }
                lines.append(header)
                var details = ["timeout \(seconds(command.timeoutSeconds))"]
                if let parser = command.parser { details.append("parser \(parser.rawValue)") }
                if let cwd = command.workingDirectory { details.append("cwd \(ShellQuote.quote(cwd))") }
                if !command.searchPaths.isEmpty {
                    details.append("search \(command.searchPaths.map(ShellQuote.quote).joined(separator: ":")) then PATH")
                }
                lines.append("      " + details.joined(separator: ", "))
                let later = runTimeNotes(command)
                if !later.isEmpty { lines.append("      decided at run time: " + later.joined(separator: "; ")) }
            }
            if let jobNodes = step.jobNodes, step.pairing != nil {
                lines.append("    job on \(Hostlist.compress(jobNodes)): runs with the other jobs of its round; the next round waits for it")
            } else if let jobNodes = step.jobNodes {
                lines.append("    job on \(Hostlist.compress(jobNodes)): starts when every earlier step has ended; later steps wait for it")
            }
            // Env is the same for every command of a step; show it once.
            if let env = step.commands.first?.env, !env.isEmpty {
                lines.append("    env: " + env.map { "\($0.name)=\(ShellQuote.quote($0.shown))" }.joined(separator: " "))
            }
            if step.captures.isEmpty {
                lines.append("    captures: none")
            } else {
                for capture in step.captures {
                    lines.append("    capture \(capture.name)\(capture.node.map { "@\($0)" } ?? ""): \(ShellQuote.join(capture.argv))")
                }
            }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }

    /// What `dsbench run` settles in this argv when it runs it; `show` then gives the argv that ran.
    static func runTimeNotes(_ command: PlannedCommand) -> [String] {
        var notes: [String] = []
        if command.needsGPUCount { notes.append("\(GPUCountPlaceholder.token) = the node's GPU count (nvidia-smi -L)") }
        if command.mayAddJSONOutput {
            notes.append("\(RunTimeArgv.jsonFlag) FILE appended where the binary accepts it (its JSON output; not with --no-nccl-json)")
        }
        return notes
    }

    /// `600s`, `1.5s`.
    static func seconds(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? "\(Int(value))s" : "\(value)s"
    }
}
