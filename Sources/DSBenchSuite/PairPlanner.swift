import DSBenchCore

/// Expansion of an nccl step with `pattern:` (PairSchedule decides the groups): over nodes, one
/// launcher job per group, planned on the head node like any `placement: all` step; inside a node
/// (`gpu-pairs`), one step per GPU pair on each node with `CUDA_VISIBLE_DEVICES=i,j` and `-g 2`.
/// Order: variants × repeats × (nodes ×) rounds × groups, so a round's steps stand together and
/// the runner starts each `PairSlot.batch` at once.
extension Planner {
    static func pairSteps(_ step: SuiteStep, nccl: NcclStep, pattern: PairPattern, suite: Suite, nodes: [String],
                          overrides: PlanOverrides, firstSeq: Int) throws(PlanError) -> [PlannedStep] {
        switch pattern.scope {
        case .nodes:
            guard step.placement == .all else {
                throw PlanError.nodesDisagree(step: step.name, reason: "pattern: \(pattern.name) runs jobs over groups of "
                    + "nodes: it needs placement: all and an mpirun or srun launcher")
            }
            let rounds = pattern.rounds(nodes.count, concurrent: true)
            guard !rounds.isEmpty else {
                throw PlanError.badNodes(Hostlist.compress(nodes), reason: "pattern: \(pattern.name) needs at least 2 nodes")
            }
            return try nodeGroupSteps(step, pattern: pattern.name, rounds: rounds.map { $0.map { $0.map { nodes[$0] } } },
                                      suite: suite, overrides: overrides, firstSeq: firstSeq)
        case .gpus:
            guard step.placement == .each else {
                throw PlanError.nodesDisagree(step: step.name, reason: "pattern: gpu-pairs pairs the GPUs of each node: "
                    + "it needs placement: each")
            }
            return try gpuPairSteps(step, nccl: nccl, suite: suite, nodes: nodes, overrides: overrides, firstSeq: firstSeq)
        }
    }

    /// One launcher job per group of nodes; the groups of a round start together.
    static func nodeGroupSteps(_ step: SuiteStep, pattern: String, rounds: [[[String]]], suite: Suite,
                               overrides: PlanOverrides, firstSeq: Int) throws(PlanError) -> [PlannedStep] {
        let variants: [EnvVariant?] = step.envMatrix.isEmpty ? [nil] : step.envMatrix
        let repeats = overrides.repeatCount ?? step.repeatCount
        var planned: [PlannedStep] = []
        planned.reserveCapacity(rounds.reduce(0) { $0 + $1.count } * variants.count * repeats)
        for variant in variants {
            // The command before its launcher, once: each job only wraps it (planning 523,776 pairs stays arithmetic).
            var bare = step
            bare.placement = .each
            let commands = try nodeCommands(bare, suite: suite, node: Suite.localNode, variant: variant,
                                            cliEnv: overrides.env, hosts: [])
            let degraded = step.expectsDegraded(variant: variant)
            for repeatIndex in 0..<repeats {
                for (roundIndex, round) in rounds.enumerated() {
                    let batch = firstSeq + planned.count
                    for members in round {
                        var launchedCommands: [PlannedCommand] = []
                        for command in commands {
                            launchedCommands.append(try launched(command, step: step, suite: suite, hosts: members))
                        }
                        let slot = PairSlot(pattern: pattern, scope: .nodes, round: roundIndex, batch: batch,
                                            members: members)
                        planned.append(PlannedStep(
                            seq: firstSeq + planned.count, name: step.name, kind: .nccl, node: Suite.localNode,
                            variant: variantLabel(variant, slot), variantEnv: variant?.env ?? [],
                            repeatIndex: repeatIndex, commands: launchedCommands,
                            captures: captures(for: step, suite: suite, jobHosts: members), jobNodes: members,
                            expectDegraded: degraded, pairing: slot))
                    }
                }
            }
        }
        return planned
    }

    private static func gpuPairSteps(_ step: SuiteStep, nccl: NcclStep, suite: Suite, nodes: [String],
                                     overrides: PlanOverrides, firstSeq: Int) throws(PlanError) -> [PlannedStep] {
        var pairStep = step
        var twoGPUs = nccl
        twoGPUs.gpus = .count(2)
        twoGPUs.pattern = nil
        pairStep.action = .nccl(twoGPUs)
        let variants: [EnvVariant?] = step.envMatrix.isEmpty ? [nil] : step.envMatrix
        let repeats = overrides.repeatCount ?? step.repeatCount
        var planned: [PlannedStep] = []
        for variant in variants {
            let degraded = step.expectsDegraded(variant: variant)
            for repeatIndex in 0..<repeats {
                for node in nodes {
                    let gpus: Int
                    switch nccl.gpus {
                    case .count(let count): gpus = count
                    case .auto, nil:
                        guard let known = suite.settings(for: node).gpus else {
                            throw PlanError.nodesDisagree(step: step.name, reason: "pattern: gpu-pairs needs the node's GPU "
                                + "count: gpus: N on the step, or gpus in node_overrides for \(node)")
                        }
                        gpus = known
                    }
                    let rounds = PairSchedule.gpuPairs(gpus, concurrent: nccl.concurrentPairs)
                    guard !rounds.isEmpty else {
                        throw PlanError.nodesDisagree(step: step.name, reason: "pattern: gpu-pairs needs at least 2 GPUs "
                            + "on \(node), it has \(gpus)")
                    }
                    let commands = try nodeCommands(pairStep, suite: suite, node: node, variant: variant,
                                                    cliEnv: overrides.env, hosts: [node])
                    let stepCaptures = captures(for: step, suite: suite)
                    for (roundIndex, round) in rounds.enumerated() {
                        let batch = firstSeq + planned.count
                        for pair in round {
                            let slot = PairSlot(pattern: PairPattern.gpuPairs.name, scope: .gpus, round: roundIndex,
                                                batch: batch, members: pair.map(String.init))
                            let visible = EnvVar("CUDA_VISIBLE_DEVICES", pair.map(String.init).joined(separator: ","))
                            let pinned = commands.map { command in
                                var command = command
                                command.env = mergeEnv([command.env, [visible]])
                                return command
                            }
                            planned.append(PlannedStep(
                                seq: firstSeq + planned.count, name: step.name, kind: .nccl, node: node,
                                variant: variantLabel(variant, slot), variantEnv: variant?.env ?? [],
                                repeatIndex: repeatIndex, commands: pinned, captures: stepCaptures,
                                expectDegraded: degraded, pairing: slot))
                        }
                    }
                }
            }
        }
        return planned
    }

    /// `pair a+b`, or `NCCL_ALGO=Ring pair a+b` under an env-matrix variant: the key stays unique per group.
    static func variantLabel(_ variant: EnvVariant?, _ slot: PairSlot) -> String {
        [variant?.label, slot.variantLabel].compactMap { $0 }.joined(separator: " ")
    }
}
