import DSBenchCore

/// A validated suite (format v1). Built only by `SuiteLoader`, so every value here has been checked:
/// node hostlists are expanded, durations are seconds, sizes are exact byte counts.
public struct Suite: Sendable, Equatable {
    public var name: String
    public var description: String?
    /// Expanded node names in declaration order; `local` means this host.
    public var nodes: [String]
    public var defaults: SuiteDefaults
    public var captures: SuiteCaptures
    public var steps: [SuiteStep]
    /// The `regression:` block (baseline, tolerances, thresholds); empty when absent.
    public var regression: RegressionPolicy
    /// Health-rule thresholds and expected figures (`health:`); defaults when absent.
    public var health: HealthSettings
    /// Which rules or classes fail the verdict (`verdict:`); the defaults when absent.
    public var verdict: VerdictPolicy
    /// How to reach the nodes; the command line overrides each value.
    public var ssh: SuiteSSH
    /// Named node sets (`groups: {h200: gpu-[01-16]}`), used as `@h200` wherever nodes are listed.
    public var groups: [String: [String]]
    /// `node_overrides:` in declaration order; later entries win (see `settings(for:)`).
    public var nodeOverrides: [NodeOverride]

    /// Which env names hold secrets (`redact_env:`): never stored, printed or put into argv.
    public var secretEnv: SecretEnv = SecretEnv()

    public init(name: String, description: String? = nil, nodes: [String] = [Suite.localNode],
                defaults: SuiteDefaults = .init(), captures: SuiteCaptures = .init(), steps: [SuiteStep],
                regression: RegressionPolicy = RegressionPolicy(), health: HealthSettings = HealthSettings(),
                verdict: VerdictPolicy = VerdictPolicy(), ssh: SuiteSSH = .init(), groups: [String: [String]] = [:], nodeOverrides: [NodeOverride] = []) {
        self.name = name; self.description = description; self.nodes = nodes
        self.defaults = defaults; self.captures = captures; self.steps = steps; self.regression = regression
        self.health = health; self.verdict = verdict; self.ssh = ssh; self.groups = groups
        self.nodeOverrides = nodeOverrides
    }

    /// The suite's policy with each step's own tolerances added (by step name).
    public var regressionPolicy: RegressionPolicy {
        var policy = regression
        for step in steps { if let own = step.regression, !own.isEmpty { policy.stepTolerances[step.name] = own } }
        return policy
    }

    /// The node name that means "the host dsbench runs on".
    public static let localNode = "local"
}

/// `ssh:` — connection settings for the suite's nodes; unset values come from ~/.ssh/config.
public struct SuiteSSH: Sendable, Equatable {
    public var user: String?
    public var port: Int?
    public var identity: String?
    public var jumpHost: String?
    public var connectTimeoutSeconds: Double?
    public var knownHosts: String?
    /// The name or address to connect to instead of the node name (per node only, like ssh's HostName).
    public var hostName: String?

    public init(user: String? = nil, port: Int? = nil, identity: String? = nil, jumpHost: String? = nil,
                connectTimeoutSeconds: Double? = nil, knownHosts: String? = nil, hostName: String? = nil) {
        self.user = user; self.port = port; self.identity = identity; self.jumpHost = jumpHost
        self.connectTimeoutSeconds = connectTimeoutSeconds; self.knownHosts = knownHosts; self.hostName = hostName
    }

    /// These settings with every value `other` sets taking precedence.
    public func overlaid(by other: SuiteSSH) -> SuiteSSH {
        SuiteSSH(user: other.user ?? user, port: other.port ?? port, identity: other.identity ?? identity,
                 jumpHost: other.jumpHost ?? jumpHost,
                 connectTimeoutSeconds: other.connectTimeoutSeconds ?? connectTimeoutSeconds,
                 knownHosts: other.knownHosts ?? knownHosts, hostName: other.hostName ?? hostName)
    }
}

public struct SuiteDefaults: Sendable, Equatable {
    public var env: [EnvVar]
    public var timeoutSeconds: Double?
    public var workdir: String?
    /// Directories searched for `*_perf` binaries before PATH.
    public var ncclTestsPath: [String]
    /// The most bytes one captured artifact may be, or inflate to, and still be parsed.
    public var maxArtifactBytes: Int
    /// The most steps the plan may expand to (`PlanSize`).
    public var maxPlannedSteps: Int
    /// Directories searched for `nvbandwidth` before PATH.
    public var nvbandwidthPath: [String] = []

    public init(env: [EnvVar] = [], timeoutSeconds: Double? = nil, workdir: String? = nil,
                ncclTestsPath: [String] = [], maxArtifactBytes: Int = ParseLimits.defaultMaxArtifactBytes,
                maxPlannedSteps: Int = PlanSize.defaultLimit) {
        self.env = env; self.timeoutSeconds = timeoutSeconds; self.workdir = workdir
        self.ncclTestsPath = ncclTestsPath; self.maxArtifactBytes = maxArtifactBytes
        self.maxPlannedSteps = maxPlannedSteps
    }
}

/// Background captures declared once per suite; steps opt out with `captures: []`.
public struct SuiteCaptures: Sendable, Equatable {
    public var dmon: DmonCapture?

    public init(dmon: DmonCapture? = nil) { self.dmon = dmon }

    /// Names of the declared captures, in a fixed order.
    public var names: [String] { dmon == nil ? [] : [DmonCapture.name] }
}

/// `nvidia-smi dmon -s <metrics> -d <interval> -o DT`.
public struct DmonCapture: Sendable, Equatable {
    public static let name = "dmon"
    public static let defaultMetrics = "pucvmet"

    /// dmon `-s` letters (p power, u utilisation, c clocks, v violations, m memory, e ECC, t PCIe).
    public var metrics: String
    public var intervalSeconds: Int

    public init(metrics: String = DmonCapture.defaultMetrics, intervalSeconds: Int = 1) {
        self.metrics = metrics; self.intervalSeconds = intervalSeconds
    }
}

public struct SuiteStep: Sendable, Equatable {
    public var name: String
    public var action: StepAction
    public var env: [EnvVar]
    /// Env variants, in declaration order; empty means the step runs once without a variant.
    public var envMatrix: [EnvVariant]
    public var repeatCount: Int
    public var timeoutSeconds: Double?
    public var workdir: String?
    /// Capture names; nil means the default (every suite capture, none for inventory steps).
    public var captures: [String]?
    /// Expanded nodes for this step only; nil means the suite's nodes.
    public var nodes: [String]?
    /// The step's `regression: {tolerance: …}`; nil keeps the suite's.
    public var regression: ToleranceOverrides?

    /// `each` node separately, or `all` nodes as one job started by `launcher`.
    public var placement: Placement
    /// How a `placement: all` step starts its ranks.
    public var launcher: StepLauncher
    /// `expect:` — what the step measures; a variant's own `expect` wins over it.
    public var expect: StepExpectation
    /// `profile:` — run the main command under ncu or nsys (workload and command steps).
    public var profile: ProfileSpec?

    public init(name: String, action: StepAction, env: [EnvVar] = [], envMatrix: [EnvVariant] = [],
                repeatCount: Int = 1, timeoutSeconds: Double? = nil, workdir: String? = nil,
                captures: [String]? = nil, nodes: [String]? = nil, regression: ToleranceOverrides? = nil,
                placement: Placement = .each, launcher: StepLauncher = .init(), expect: StepExpectation = .normal,
                profile: ProfileSpec? = nil) {
        self.name = name; self.action = action; self.env = env; self.envMatrix = envMatrix
        self.repeatCount = repeatCount; self.timeoutSeconds = timeoutSeconds; self.workdir = workdir
        self.captures = captures; self.nodes = nodes; self.regression = regression
        self.placement = placement; self.launcher = launcher; self.expect = expect; self.profile = profile
    }

    /// Whether the step, run with `variant` (nil: the step has no env matrix), is degraded on
    /// purpose. The one place that decides it: the planner and `DegradedSteps` both ask here.
    public func expectsDegraded(variant: EnvVariant?) -> Bool {
        (variant?.expect ?? expect) == .degraded
    }

    public var kind: StepKind {
        switch action {
        case .nccl: return .nccl
        case .inventory: return .inventory
        case .command: return .command
        case .workload: return .workload
        case .nvbandwidth: return .nvbandwidth
        }
    }
}

public enum Placement: String, Sendable, Equatable, CaseIterable {
    case each, all
}

/// The launcher of a step and how many ranks it starts on each node.
public struct StepLauncher: Sendable, Equatable {
    public var launcher: Launcher
    public var ranksPerNode: Int
    /// `ranks_per_node: gpus`: one rank per GPU, the count coming from the hosts' `node_overrides` `gpus`.
    public var ranksPerNodeFromGPUs: Bool

    public init(_ launcher: Launcher = .direct, ranksPerNode: Int = 1, ranksPerNodeFromGPUs: Bool = false) {
        self.launcher = launcher; self.ranksPerNode = max(1, ranksPerNode); self.ranksPerNodeFromGPUs = ranksPerNodeFromGPUs
    }
}

public enum StepAction: Sendable, Equatable {
    case nccl(NcclStep)
    /// The fixed hardware-review commands (see `InventoryCommands`), and the health capture its
    /// options ask for.
    case inventory(InventoryOptions)
    case command(CommandStep)
    /// A training or serving job whose output gives metrics (and maybe a profiler trace).
    case workload(WorkloadStep)
    /// NVIDIA's nvbandwidth: host↔device and device↔device copy bandwidth per GPU.
    case nvbandwidth(NvbandwidthStep)
}

/// One labelled set of extra environment variables (`ring: {NCCL_ALGO: Ring}`), and what it is
/// expected to measure (`no_p2p: {env: {NCCL_P2P_DISABLE: "1"}, expect: degraded}`).
public struct EnvVariant: Sendable, Equatable {
    public var label: String
    public var env: [EnvVar]
    /// nil: the step's `expect`.
    public var expect: StepExpectation?

    public init(label: String, env: [EnvVar], expect: StepExpectation? = nil) {
        self.label = label; self.env = env; self.expect = expect
    }
}

/// `expect:` on a step or an env-matrix variant. `degraded` declares a run that is slow on purpose
/// (P2P switched off to measure the fallback, say): it is judged against its own kind — its
/// baseline and peers — and never reported as a fault of the machine.
public enum StepExpectation: String, Sendable, Equatable, CaseIterable {
    case normal, degraded
}

public struct CommandStep: Sendable, Equatable {
    public var argv: [String]
    /// Parser for stdout (e.g. `nccl-tests` for an `mpirun … all_reduce_perf` command).
    public var parser: ParserKind?

    public init(argv: [String], parser: ParserKind? = nil) { self.argv = argv; self.parser = parser }
}
