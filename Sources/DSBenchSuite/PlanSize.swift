import DSBenchCore

/// How many steps a plan expands to, counted from the suite before anything is expanded, so that
/// six lines of YAML (`nodes: "n[1-100000]"`, `repeat: 10000`: 10⁹ steps) are refused in
/// milliseconds instead of running `validate` out of memory (58 s, 3.4 GB, SIGABRT).
public struct PlanSize: Sendable, Equatable {
    /// 100 000 planned steps take about 150 MB as a plan and as rows: ten times a large review
    /// (1000 nodes × 10 steps × 10 repeats is 100 000).
    public static let defaultLimit = 100_000

    /// One suite step's share: nodes × env_matrix variants × repeats, plus nodes × variants
    /// `.diagnose` steps.
    public struct Term: Sendable, Equatable {
        /// Position in `Suite.steps`.
        public var index: Int
        public var step: String
        public var nodes: Int
        public var variants: Int
        public var repeats: Int
        public var diagnose: Bool
        /// Saturates at `Int.max`.
        public var steps: Int

        /// `100000 nodes × 10000 repeats × 1 env_matrix variant`.
        public var factors: String {
            var text = "\(nodes) node\(nodes == 1 ? "" : "s") × \(repeats) repeat\(repeats == 1 ? "" : "s")"
                + " × \(variants) env_matrix variant\(variants == 1 ? "" : "s")"
            if diagnose { text += ", plus a diagnose step per node and variant" }
            return text
        }
    }

    public var terms: [Term]
    /// Saturates at `Int.max`.
    public var total: Int

    /// `nodes` gives each step's node count as the planner will use it; `repeatOverride` is `--repeat`.
    public static func count(_ steps: [SuiteStep], nodes: (SuiteStep) -> Int, repeatOverride: Int? = nil) -> PlanSize {
        var terms: [Term] = []
        var total = 0
        for (index, step) in steps.enumerated() {
            let nodeCount = PairSchedule.plannedGroups(step, nodes: nodes(step)) ?? (step.placement == .all ? 1 : nodes(step))
            let variants = max(step.envMatrix.count, 1)
            let repeats = repeatOverride ?? step.repeatCount
            let diagnose: Bool
            if case .nccl(let nccl) = step.action { diagnose = nccl.diagnose } else { diagnose = false }
            let perVariant = nodeCount.saturatingProduct(repeats).saturatingSum(diagnose ? nodeCount : 0)
            let steps = perVariant.saturatingProduct(variants)
            terms.append(Term(index: index, step: step.name, nodes: nodeCount, variants: variants, repeats: repeats,
                              diagnose: diagnose, steps: steps))
            total = total.saturatingSum(steps)
        }
        return PlanSize(terms: terms, total: total)
    }

    /// The step that contributes most.
    public var largest: Term? { terms.max { $0.steps < $1.steps } }

    /// `1000000000 steps (steps[0] 'x': 100000 nodes × 10000 repeats × 1 env_matrix variant)`,
    /// the largest three steps named.
    public var explanation: String {
        let shown = terms.sorted { $0.steps > $1.steps }.prefix(3)
            .map { "steps[\($0.index)] '\($0.step)': \($0.factors)" }
        let more = terms.count > 3 ? "; and \(terms.count - 3) more steps" : ""
        return "\(total == .max ? "more than \(Int.max)" : String(total)) planned steps ("
            + shown.joined(separator: "; ") + more + ")"
    }
}

extension Int {
    fileprivate func saturatingProduct(_ other: Int) -> Int {
        let (value, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : value
    }

    fileprivate func saturatingSum(_ other: Int) -> Int {
        let (value, overflow) = addingReportingOverflow(other)
        return overflow ? .max : value
    }
}
