import DSBenchCore

/// The rounds of a pairwise plan as `dsbench plan` prints them: one line before the first step of
/// each batch, naming its groups and the members left out of that round (its byes). Made in one
/// pass over the plan: 1,024 nodes' 523,776 jobs are 1,023 lines, each known before printing.
struct PairPlanText {
    private var lines: [Int: String] = [:]

    init(_ plan: Plan) {
        struct Series: Hashable { var name: String; var repeatIndex: Int; var node: String }
        // Every member of a pattern (on the step's node, for GPU pairs), in first-seen order.
        var everyone: [Series: [String]] = [:]
        var seen: [Series: Set<String>] = [:]
        for step in plan.steps {
            guard let slot = step.pairing else { continue }
            let series = Series(name: step.name, repeatIndex: step.repeatIndex, node: step.node)
            for member in slot.members where seen[series, default: []].insert(member).inserted {
                everyone[series, default: []].append(member)
            }
        }
        var index = 0
        while index < plan.steps.count {
            let step = plan.steps[index]
            guard let slot = step.pairing else { index += 1; continue }
            var groups: [String] = []
            var inRound = Set<String>()
            var end = index
            while end < plan.steps.count, let other = plan.steps[end].pairing, other.batch == slot.batch {
                groups.append(other.label)
                inRound.formUnion(other.members)
                end += 1
            }
            var members = everyone[Series(name: step.name, repeatIndex: step.repeatIndex, node: step.node)] ?? []
            if slot.scope == .gpus { members.sort { (Int($0) ?? 0) < (Int($1) ?? 0) } }
            let byes = members.filter { !inRound.contains($0) }
            let together = groups.count == 1 ? "1 job" : "\(groups.count) jobs at once"
            let place = slot.scope == .gpus ? " on \(step.node)" : ""
            lines[index] = "round \(slot.round + 1) of \(slot.pattern) '\(step.name)'\(place): "
                + "\(together): \(groups.joined(separator: ", "))"
                + (byes.isEmpty ? "" : "; bye: \(byes.joined(separator: ", "))")
            index = end
        }
    }

    /// The round line printed before step `index`, if it starts a batch.
    func line(before index: Int) -> String? { lines[index] }
}
