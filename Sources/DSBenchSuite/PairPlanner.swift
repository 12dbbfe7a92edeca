import DSBenchCore

/// Expansion of an nccl step with `pattern:` (PairSchedule decides the groups): over nodes, one
/// launcher job per group, planned on the head node like any `placement: all` step; inside a node
/// (`gpu-pairs`), one step per GPU pair on each node with `CUDA_VISIBLE_DEVICES=i,j` and `-g 2`.
/// Order: variants × repeats × (nodes ×) rounds × groups, so a round's steps stand together and
/// the runner starts each `PairSlot.batch` at once.
extension Planner {
    /// Appends the step's jobs to `planned` (the plan so far: its count is the next seq). Appending
    /// in place, not returning an array to be copied on: 523,776 jobs are copied once less.
    static func pairSteps(_ step: SuiteStep, nccl: NcclStep, pattern: PairPattern, suite: Suite, nodes: [String],
                          overrides: PlanOverrides, into planned: inout [PlannedStep]) throws(PlanError) {
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
            try nodeGroupSteps(step, pattern: pattern.name, rounds: rounds.map { $0.map { $0.map { nodes[$0] } } },
                               suite: suite, overrides: overrides, into: &planned)
        case .gpus:
            guard step.placement == .each else {
                throw PlanError.nodesDisagree(step: step.name, reason: "pattern: \(pattern.name) groups the GPUs of each "
                    + "node: it needs placement: each")
            }
            try gpuGroupSteps(step, nccl: nccl, pattern: pattern, suite: suite, nodes: nodes, overrides: overrides,
                              into: &planned)
        }
    }

    /// One launcher job per group of nodes; the groups of a round start together.
    static func nodeGroupSteps(_ step: SuiteStep, pattern: String, rounds: [[[String]]], suite: Suite,
                               overrides: PlanOverrides, into planned: inout [PlannedStep]) throws(PlanError) {
        let variants: [EnvVariant?] = step.envMatrix.isEmpty ? [nil] : step.envMatrix
        let repeats = overrides.repeatCount ?? step.repeatCount
        planned.reserveCapacity(planned.count + rounds.reduce(0) { $0 + $1.count } * variants.count * repeats)
        var facts: [String: HostLaunchFacts] = [:]
        for round in rounds { for members in round { for node in members where facts[node] == nil {
            facts[node] = HostLaunchFacts(suite, node)
        } } }
        let stepCaptures = captures(for: step, suite: suite)
        for variant in variants {
            // The command before its launcher, once: each job only wraps it (planning 523,776 pairs stays arithmetic).
            var bare = step
            bare.placement = .each
            let commands = try nodeCommands(bare, suite: suite, node: Suite.localNode, variant: variant,
                                            cliEnv: overrides.env, hosts: [])
            let degraded = step.expectsDegraded(variant: variant)
            // When every node agrees on what the launcher needs (the usual case), each job's argv is
            // the first job's with its hosts swapped: the same argv, one string made per job.
            var swaps: [(command: PlannedCommand, swap: Launcher.HostSwap)]?
            if Set(facts.values).count == 1, let first = rounds.first?.first {
                swaps = try commands.map { command throws(PlanError) in
                    let job = try launchJob(command, step: step, suite: suite, hosts: first) { facts[$0] ?? HostLaunchFacts(suite, $0) }
                    return (command, step.launcher.launcher.hostSwap(job))
                }
            }
            for repeatIndex in 0..<repeats {
                for (roundIndex, round) in rounds.enumerated() {
                    let batch = planned.count
                    for (jobIndex, members) in round.enumerated() {
                        var launchedCommands: [PlannedCommand] = []
                        launchedCommands.reserveCapacity(commands.count)
                        if let swaps {
                            for (command, swap) in swaps {
                                var wrapped = command
                                wrapped.argv = swap.argv(hosts: launcherHosts(members))
                                launchedCommands.append(wrapped)
                            }
                        } else {
                            for command in commands {
                                launchedCommands.append(try launched(command, step: step, suite: suite, hosts: members) {
                                    facts[$0] ?? HostLaunchFacts(suite, $0)
                                })
                            }
                        }
                        if case .mpirun = step.launcher.launcher {
                            launchedCommands = launchedCommands.map { MpirunSessionDirectory.separate($0, jobInRound: jobIndex) }
                        }
                        let slot = PairSlot(pattern: pattern, scope: .nodes, round: roundIndex, batch: batch,
                                            members: members)
                        planned.append(PlannedStep(
                            seq: planned.count, name: step.name, kind: .nccl, node: Suite.localNode,
                            variant: variantLabel(variant, slot), variantEnv: variant?.env ?? [],
                            repeatIndex: repeatIndex, commands: launchedCommands,
                            captures: stepCaptures.isEmpty ? [] : captures(for: step, suite: suite, jobHosts: members),
                            jobNodes: members,
                            expectDegraded: degraded, pairing: slot))
                    }
                }
            }
        }
    }

    /// GPU pairs (`gpu-pairs`) or rings (`gpu-rings`) of each node: a step per group with
    /// `CUDA_VISIBLE_DEVICES` naming its GPUs and `-g` their count.
    private static func gpuGroupSteps(_ step: SuiteStep, nccl: NcclStep, pattern: PairPattern, suite: Suite,
                                      nodes: [String], overrides: PlanOverrides,
                                      into planned: inout [PlannedStep]) throws(PlanError) {
        let variants: [EnvVariant?] = step.envMatrix.isEmpty ? [nil] : step.envMatrix
        let repeats = overrides.repeatCount ?? step.repeatCount
        for variant in variants {
            let degraded = step.expectsDegraded(variant: variant)
            for repeatIndex in 0..<repeats {
                for node in nodes {
                    let gpus: Int
                    switch nccl.gpus {
                    case .count(let count): gpus = count
                    case .auto, nil:
                        guard let known = suite.settings(for: node).gpus else {
                            throw PlanError.nodesDisagree(step: step.name, reason: "pattern: \(pattern.name) needs the node's GPU "
                                + "count: gpus: N on the step, or gpus in node_overrides for \(node)")
                        }
                        gpus = known
                    }
                    let rounds = pattern.rounds(gpus, concurrent: nccl.concurrentPairs)
                    guard let groupSize = rounds.first?.first?.count else {
                        throw PlanError.nodesDisagree(step: step.name, reason: "pattern: \(pattern.name) needs at least 2 GPUs "
                            + "on \(node), it has \(gpus)")
                    }
                    var groupStep = step
                    var groupGPUs = nccl
                    groupGPUs.gpus = .count(groupSize)
                    groupGPUs.pattern = nil
                    groupStep.action = .nccl(groupGPUs)
                    let commands = try nodeCommands(groupStep, suite: suite, node: node, variant: variant,
                                                    cliEnv: overrides.env, hosts: [node])
                    let stepCaptures = captures(for: step, suite: suite)
                    for (roundIndex, round) in rounds.enumerated() {
                        let batch = planned.count
                        for pair in round {
                            let slot = PairSlot(pattern: pattern.name, scope: .gpus, round: roundIndex,
                                                batch: batch, members: pair.map(String.init))
                            let visible = EnvVar("CUDA_VISIBLE_DEVICES", pair.map(String.init).joined(separator: ","))
                            let pinned = commands.map { command in
                                var command = command
                                command.env = mergeEnv([command.env, [visible]])
                                return command
                            }
                            planned.append(PlannedStep(
                                seq: planned.count, name: step.name, kind: .nccl, node: node,
                                variant: variantLabel(variant, slot), variantEnv: variant?.env ?? [],
                                repeatIndex: repeatIndex, commands: pinned, captures: stepCaptures,
                                expectDegraded: degraded, pairing: slot))
                        }
                    }
                }
            }
        }
    }

    /// `pair a+b`, or `NCCL_ALGO=Ring pair a+b` under an env-matrix variant: the key stays unique per group.
    static func variantLabel(_ variant: EnvVariant?, _ slot: PairSlot) -> String {
        guard let label = variant?.label else { return slot.variantLabel }
        return label + " " + slot.variantLabel
    }
}
