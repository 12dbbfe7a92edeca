import DSBenchCore

/// Suite → Plan, a pure function: no clock, no environment, no file system.
///
/// Expansion order: steps in file order × env variants in declared order × repeats × nodes.
public enum Planner {
    public static let defaultNcclTimeoutSeconds: Double = 600
    public static let defaultCommandTimeoutSeconds: Double = 600

    public static func plan(_ suite: Suite, overrides: PlanOverrides = .init()) throws(PlanError) -> Plan {
        let steps = try selectedSteps(suite, only: overrides.only)
        if let count = overrides.repeatCount, count < 1 { throw PlanError.badRepeat(count) }
        if let bad = overrides.env.first(where: { !NodeReader.isEnvName($0.name) }) {
            throw PlanError.badEnvName(bad.name)
        }
        let overrideNodes = try overrides.nodes.map { expressions throws(PlanError) in
            try expand(expressions, groups: suite.groups)
        }
        let excluded = overrides.exclude.isEmpty ? [] : Set(try expand(overrides.exclude, groups: suite.groups))
        let size = PlanSize.count(steps, nodes: { step in
            (overrideNodes ?? step.nodes ?? suite.nodes).count { !excluded.contains($0) }
        }, repeatOverride: overrides.repeatCount)
        if size.total > suite.defaults.maxPlannedSteps {
            throw PlanError.tooManySteps(size, limit: suite.defaults.maxPlannedSteps)
        }

        var planned: [PlannedStep] = []
        var allNodes: [String] = []
        var seenNodes: Set<String> = []
        for step in steps {
            let stepNodes = (overrideNodes ?? step.nodes ?? suite.nodes).filter { !excluded.contains($0) }
            if stepNodes.isEmpty { throw PlanError.badNodes(overrides.exclude.joined(separator: ","),
                                                            reason: "--exclude leaves step '\(step.name)' no nodes") }
            if case .nccl = step.action, step.placement == .all, let groups = overrides.groups {
                let nodes = groups.flatMap { $0 }
                for node in [Suite.localNode] + nodes where seenNodes.insert(node).inserted { allNodes.append(node) }
                try nodeGroupSteps(step, pattern: PairSlot.bisectPattern, rounds: [groups], suite: suite,
                                   overrides: overrides, into: &planned)
                continue
            }
            if case .nccl(let nccl) = step.action, let pattern = nccl.pattern {
                let touched = step.placement == .all ? [Suite.localNode] + stepNodes : stepNodes
                for node in touched where seenNodes.insert(node).inserted { allNodes.append(node) }
                try pairSteps(step, nccl: nccl, pattern: pattern, suite: suite, nodes: stepNodes,
                              overrides: overrides, into: &planned)
                continue
            }
            // A job over all nodes is one step, started from the head node by its launcher.
            let nodes = step.placement == .all ? [Suite.localNode] : stepNodes
            // A job's nodes run no step of their own but are nodes of the run: its captures run
            // there, doctor checks them, the run records them.
            let touched = step.placement == .all ? nodes + stepNodes : nodes
            for node in touched where seenNodes.insert(node).inserted { allNodes.append(node) }
            let variants: [EnvVariant?] = step.envMatrix.isEmpty ? [nil] : step.envMatrix
            let repeats = overrides.repeatCount ?? step.repeatCount
            for variant in variants {
                var commandsByNode: [String: [PlannedCommand]] = [:]
                for node in nodes {
                    commandsByNode[node] = try nodeCommands(step, suite: suite, node: node, variant: variant,
                                                            cliEnv: overrides.env, hosts: stepNodes)
                }
                let captures = captures(for: step, suite: suite, jobHosts: step.placement == .all ? stepNodes : nil)
                for repeatIndex in 0..<repeats {
                    for node in nodes {
                        planned.append(PlannedStep(seq: planned.count, name: step.name, kind: step.kind, node: node,
                                                   variant: variant?.label, variantEnv: variant?.env ?? [],
                                                   repeatIndex: repeatIndex, commands: commandsByNode[node] ?? [],
                                                   captures: captures, jobNodes: step.placement == .all ? stepNodes : nil,
                                                   expectDegraded: step.expectsDegraded(variant: variant)))
                    }
                }
                if case .nccl(let nccl) = step.action, nccl.diagnose {
                    for node in nodes {
                        guard let main = commandsByNode[node]?.first else { continue }
                        let diagnostic = DiagnosePlan.command(for: nccl, main: main)
                        planned.append(PlannedStep(seq: planned.count, name: DiagnosePlan.stepName(step.name),
                                                   kind: .nccl, node: node, variant: variant?.label,
                                                   variantEnv: variant?.env ?? [], commands: [diagnostic],
                                                   jobNodes: step.placement == .all ? stepNodes : nil,
                                                   expectDegraded: step.expectsDegraded(variant: variant)))
                    }
                }
            }
        }
        return Plan(suiteName: suite.name, nodes: allNodes, steps: planned,
                    limits: ParseLimits(maxArtifactBytes: suite.defaults.maxArtifactBytes))
    }

    /// nccl-tests argv: only the flags the suite sets, sizes as exact byte integers, extra_args last.
    public static func ncclArgv(_ nccl: NcclStep) -> [String] {
        var argv = [nccl.test.binary]
        if let sizes = nccl.sizes {
            argv += ["-b", String(sizes.minBytes), "-e", String(sizes.maxBytes)]
            switch sizes.progression {
            case .factor(let factor): argv += ["-f", String(factor)]
            case .step(let step): argv += ["-i", String(step)]
            case nil: break
            }
        }
        switch nccl.gpus {
        case .count(let count): argv += ["-g", String(count)]
        case .auto: argv += [GPUCountPlaceholder.flag, GPUCountPlaceholder.token]
        case nil: break
        }
        let flags: [(String, String?)] = [
            ("-t", nccl.threads.map(String.init)), ("-n", nccl.iters.map(String.init)),
            ("-w", nccl.warmup.map(String.init)), ("-c", nccl.check.map(String.init)),
            ("-d", nccl.dtype), ("-o", nccl.op), ("-r", nccl.root.map(String.init)),
            ("-I", nccl.perIteration ? "1" : nil), ("-K", nccl.perIterationSkip.map(String.init)),
        ]
        for case (let flag, let value?) in flags { argv += [flag, value] }
        return argv + nccl.extraArgs
    }

    /// Later layers win; each name appears once, at the place it was first declared.
    public static func mergeEnv(_ layers: [[EnvVar]]) -> [EnvVar] {
        var merged: [EnvVar] = []
        var position: [String: Int] = [:]
        for variable in layers.joined() {
            if let index = position[variable.name] {
                merged[index] = variable   // with its secrecy and source: the layer that wins decides
            } else {
                position[variable.name] = merged.count
                merged.append(variable)
            }
        }
        return merged
    }

    /// The step's commands on one node: env layered as suite defaults, step, the node's overrides,
    /// the env-matrix variant, then `--env`; the node's `gpus` fills `gpus: auto`.
    static func nodeCommands(_ step: SuiteStep, suite: Suite, node: String, variant: EnvVariant?, cliEnv: [EnvVar],
                             hosts: [String]) throws(PlanError) -> [PlannedCommand] {
        let settings = suite.settings(for: node)
        let env = mergeEnv([suite.defaults.env, step.env, settings.env, variant?.env ?? [],
                            cliEnv.map(suite.secretEnv.marking)])
        var commands = commands(for: step, suite: suite, env: env, node: settings)
        if let gpus = settings.gpus { commands = commands.map { $0.resolvingGPUs(count: gpus) } }
        guard step.placement == .all else { return commands }
        var launchedCommands: [PlannedCommand] = []
        for command in commands {
            // A profiled job's export and report commands read the head node's files: not launched.
            launchedCommands.append(command.label == "main" ? try launched(command, step: step, suite: suite, hosts: hosts) : command)
        }
        return launchedCommands
    }

    static func commands(for step: SuiteStep, suite: Suite, env: [EnvVar],
                         node: NodeSettings = .init()) -> [PlannedCommand] {
        let workdir = node.workdir ?? step.workdir ?? suite.defaults.workdir
        let searchPaths = node.ncclTestsPath ?? suite.defaults.ncclTestsPath
        let configured = step.timeoutSeconds ?? suite.defaults.timeoutSeconds
        switch step.action {
        case .nccl(let nccl):
            return [PlannedCommand(label: "main", argv: ncclArgv(nccl), env: env, workingDirectory: workdir,
                                   timeoutSeconds: configured ?? defaultNcclTimeoutSeconds, parser: .ncclTests,
                                   searchPaths: searchPaths)]
        case .inventory(let options):
            return InventoryCommands.commands(options: options, env: env, workingDirectory: workdir,
                                              timeoutSeconds: configured ?? InventoryCommands.defaultTimeoutSeconds)
        case .command(let command):
            return profiled(PlannedCommand(label: "main", argv: command.argv, env: env, workingDirectory: workdir,
                                           timeoutSeconds: configured ?? defaultCommandTimeoutSeconds,
                                           parser: command.parser), step.profile)
        case .workload(let workload):
            return profiled(PlannedCommand(label: "main", argv: workload.argv, env: env, workingDirectory: workdir,
                                           timeoutSeconds: configured ?? defaultCommandTimeoutSeconds, parser: .workload,
                                           workload: workload.spec), step.profile)
        case .nvbandwidth(let nvbandwidth):
            return [PlannedCommand(label: "main", argv: nvbandwidth.argv, env: env, workingDirectory: workdir,
                                   timeoutSeconds: configured ?? NvbandwidthStep.defaultTimeoutSeconds,
                                   parser: .nvbandwidth, searchPaths: suite.defaults.nvbandwidthPath)]
        }
    }

    private static func profiled(_ main: PlannedCommand, _ profile: ProfileSpec?) -> [PlannedCommand] {
        profile.map { ProfileWrap.commands(main: main, profile: $0) } ?? [main]
    }

    /// The command wrapped by the step's launcher. `local` becomes `localhost` for MPI and Slurm,
    /// and an nccl-tests binary is given its full path from `nccl_tests_path` (the launcher, not
    /// dsbench, starts it on the nodes). One argv starts every rank, so the hosts must agree on the
    /// path (and on `gpus` for `ranks_per_node: gpus`).
    static func launched(_ command: PlannedCommand, step: SuiteStep, suite: Suite,
                         hosts: [String]) throws(PlanError) -> PlannedCommand {
        try launched(command, step: step, suite: suite, hosts: hosts) { HostLaunchFacts(suite, $0) }
    }

    /// What one launcher argv needs each of its hosts to agree on. A pairwise plan asks it of
    /// every node once per job (1,023 times each for 1,024 nodes), so it is worked out once per node.
    struct HostLaunchFacts: Hashable {
        var ncclTestsPath: String
        var gpus: String

        init(_ suite: Suite, _ host: String) {
            let settings = suite.settings(for: host)
            ncclTestsPath = (settings.ncclTestsPath ?? suite.defaults.ncclTestsPath).joined(separator: ":")
            gpus = settings.gpus.map(String.init) ?? ""
        }
    }

    static func launched(_ command: PlannedCommand, step: SuiteStep, suite: Suite, hosts: [String],
                         facts: (String) -> HostLaunchFacts) throws(PlanError) -> PlannedCommand {
        var wrapped = command
        wrapped.argv = step.launcher.launcher.argv(for: try launchJob(command, step: step, suite: suite, hosts: hosts,
                                                                      facts: facts))
        return wrapped
    }

    /// The launcher job that runs `command` on `hosts`.
    static func launchJob(_ command: PlannedCommand, step: SuiteStep, suite: Suite, hosts: [String],
                          facts: (String) -> HostLaunchFacts) throws(PlanError) -> Launcher.Job {
        var program = command.argv
        let paths = try agreed(step, hosts, what: "nccl_tests_path") { facts($0).ncclTestsPath }
        if case .nccl = step.action, let directory = paths.split(separator: ":").first.map(String.init),
           let binary = program.first, !binary.contains("/") {
            program[0] = directory.hasSuffix("/") ? directory + binary : directory + "/" + binary
        }
        var ranks = step.launcher.ranksPerNode
        if step.launcher.ranksPerNodeFromGPUs {
            let gpus = try agreed(step, hosts, what: "gpus") { facts($0).gpus }
            guard let count = Int(gpus) else {
                throw PlanError.nodesDisagree(step: step.name, reason: "ranks_per_node: gpus needs 'gpus' in "
                    + "node_overrides for every node of the step (missing for \(Hostlist.compress(hosts)))")
            }
            ranks = count
        }
        return Launcher.Job(hosts: launcherHosts(hosts), ranksPerHost: ranks, env: command.env, program: program)
    }

    /// `local` becomes `localhost` for MPI and Slurm.
    static func launcherHosts(_ hosts: [String]) -> [String] {
        hosts.contains(Suite.localNode) ? hosts.map { $0 == Suite.localNode ? "localhost" : $0 } : hosts
    }

    /// The one value every host gives, or an error naming the first two that differ.
    private static func agreed(_ step: SuiteStep, _ hosts: [String], what: String,
                               _ value: (String) -> String) throws(PlanError) -> String {
        guard let first = hosts.first else { return "" }
        let expected = value(first)
        if let other = hosts.first(where: { value($0) != expected }) {
            throw PlanError.nodesDisagree(step: step.name, reason: "its nodes differ in \(what) "
                + "(\(first): '\(expected)', \(other): '\(value(other))'); one launcher command starts every rank, "
                + "so split the step by node set")
        }
        return expected
    }

    /// Suite captures run beside every step unless it lists its own (`[]` opts out);
    /// inventory steps take none unless they list them. A job over several nodes (`jobHosts`) has
    /// each capture on every one of them: the GPUs at work are there, not on the head node.
    static func captures(for step: SuiteStep, suite: Suite, jobHosts: [String]? = nil) -> [PlannedCapture] {
        let names = step.captures ?? (step.kind == .inventory ? [] : suite.captures.names)
        let beside: [PlannedCapture] = names.compactMap { name in
            guard name == DmonCapture.name, let dmon = suite.captures.dmon else { return nil }
            return PlannedCapture(name: DmonCapture.name,
                                  argv: ["nvidia-smi", "dmon", "-s", dmon.metrics, "-d", String(dmon.intervalSeconds),
                                         "-o", "DT"],
                                  parser: .dmon)
        }
        guard let jobHosts else { return beside }
        return jobHosts.flatMap { host in beside.map { capture in
            var onHost = capture
            onHost.node = host
            return onHost
        } }
    }

    private static func selectedSteps(_ suite: Suite, only: [String]?) throws(PlanError) -> [SuiteStep] {
        guard let only else { return suite.steps }
        let names = suite.steps.map(\.name)
        for name in only where !names.contains(name) {
            throw PlanError.unknownStep(name, suggestion: DidYouMean.suggest(name, from: names))
        }
        let selected = suite.steps.filter { only.contains($0.name) }
        guard !selected.isEmpty else { throw PlanError.emptyPlan }
        return selected
    }

    /// Hostlists and `@group` names (the suite's groups) into nodes, each once, in order.
    private static func expand(_ expressions: [String], groups: [String: [String]]) throws(PlanError) -> [String] {
        var hosts: [String] = []
        var seen: Set<String> = []
        for expression in expressions {
            let members: [String]
            if expression.hasPrefix("@") {
                guard let group = groups[String(expression.dropFirst())] else {
                    throw PlanError.badNodes(expression, reason: "no such group in the suite"
                        + (groups.isEmpty ? "" : " (groups: \(groups.keys.sorted().joined(separator: ", ")))"))
                }
                members = group
            } else {
                do {
                    members = try Hostlist.expand(expression)
                } catch {
                    throw PlanError.badNodes(expression, reason: error.message)
                }
            }
            for host in members where seen.insert(host).inserted { hosts.append(host) }
        }
        guard !hosts.isEmpty else { throw PlanError.badNodes("", reason: "no nodes") }
        return hosts
    }
}
