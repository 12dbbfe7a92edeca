import DSBenchCore

/// The rounds of a pairwise plan as `dsbench plan` prints them: one line before the first step of
/// each batch, naming its groups and the members left out of that round (its byes).
enum PairPlanText {
    /// The round line for `step` if it starts a batch, else nil.
    static func roundLine(_ step: PlannedStep, in plan: Plan, index: Int) -> String? {
        guard let slot = step.pairing else { return nil }
        if index > 0, plan.steps[index - 1].pairing?.batch == slot.batch { return nil }
        var groups: [String] = []
        var end = index
        while end < plan.steps.count, let other = plan.steps[end].pairing, other.batch == slot.batch {
            groups.append(other.label)
            end += 1
        }
        let inRound = Set(plan.steps[index..<end].flatMap { $0.pairing?.members ?? [] })
        let everyone = members(of: step, in: plan)
        let byes = everyone.filter { !inRound.contains($0) }
        let together = groups.count == 1 ? "1 job" : "\(groups.count) jobs at once"
        let place = slot.scope == .gpus ? " on \(step.node)" : ""
        return "round \(slot.round + 1) of \(slot.pattern) '\(step.identity.split(separator: "[").first ?? "")'\(place): "
            + "\(together): \(groups.joined(separator: ", "))"
            + (byes.isEmpty ? "" : "; bye: \(byes.joined(separator: ", "))")
    }

    /// Every member of the step's pattern (on the step's node, for GPU pairs), in first-seen order.
    private static func members(of step: PlannedStep, in plan: Plan) -> [String] {
        var seen = Set<String>(), ordered: [String] = []
        for other in plan.steps where other.name == step.name && other.repeatIndex == step.repeatIndex
            && other.node == step.node {
            for member in other.pairing?.members ?? [] where seen.insert(member).inserted { ordered.append(member) }
        }
        return step.pairing?.scope == .gpus ? ordered.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) } : ordered
    }
}
