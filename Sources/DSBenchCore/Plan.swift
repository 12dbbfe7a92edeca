/// One environment variable, kept in declaration order (argv and env are never joined into a string).
public struct EnvVar: Sendable, Codable, Equatable, Hashable {
    public var name: String
    /// The value the command gets; for `fromEnv` it is filled in only at run time (`resolved(in:)`).
    public var value: String
    /// A secret (its name looks like one, `SecretEnv`, or it comes `fromEnv`): stored, printed
    /// and passed to launchers' argv by name only, never by value.
    public var secret: Bool
    /// The value is dsbench's own environment variable of this name, read when the command starts
    /// (`env: {API_TOKEN: {from_env: API_TOKEN}}`): the suite never contains it.
    public var fromEnv: String?

    public init(_ name: String, _ value: String, secret: Bool = false) {
        self.name = name; self.value = value; self.secret = secret; self.fromEnv = nil
    }

    /// `name` takes the value of dsbench's environment variable `variable` at run time.
    public static func fromEnvironment(_ name: String, variable: String) -> EnvVar {
        var env = EnvVar(name, "", secret: true)
        env.fromEnv = variable
        return env
    }

    /// What is stored and shown in place of the value.
    public var shown: String {
        if let fromEnv { return "<from $\(fromEnv)>" }
        return secret ? SecretEnv.placeholder : value
    }

    /// The variable as stored and shown: a secret's value replaced by its placeholder.
    public var redacted: EnvVar {
        guard secret else { return self }
        var copy = self
        copy.value = shown
        return copy
    }

    /// The value taken from `environment` for a `fromEnv` variable (unset: empty; a run checks
    /// `Plan.missingFromEnv` before it starts).
    public func resolved(in environment: [String: String]) -> EnvVar {
        guard let fromEnv else { return self }
        var copy = self
        copy.value = environment[fromEnv] ?? ""
        return copy
    }

    enum CodingKeys: String, CodingKey { case name, value, secret, fromEnv = "from_env" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decode(String.self, forKey: .value)
        secret = try container.decodeIfPresent(Bool.self, forKey: .secret) ?? false
        fromEnv = try container.decodeIfPresent(String.self, forKey: .fromEnv)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        if secret { try container.encode(true, forKey: .secret) }
        try container.encodeIfPresent(fromEnv, forKey: .fromEnv)
    }
}

public enum StepKind: String, Sendable, Codable, CaseIterable {
    case nccl, inventory, command, workload
    case nvbandwidth
}

/// One program to run on a node: argv as an array, env added to the node's environment.
public struct PlannedCommand: Sendable, Codable, Equatable {
    /// Short label unique within the step (`main`, `query-gpu`, `topo`, …); artifacts are named after it.
    public var label: String
    public var argv: [String]
    public var env: [EnvVar]
    public var workingDirectory: String?
    public var timeoutSeconds: Double
    /// Parser for stdout, if any.
    public var parser: ParserKind?
    /// Directories searched for argv[0] when it is not a path (recorded for "not found" errors).
    public var searchPaths: [String]
    /// A failing command of an inventory step is recorded but does not fail the step.
    public var optional: Bool
    /// Metric rules and trace path of a workload command; the `workload` parser needs them.
    public var workload: WorkloadSpec?

    public init(label: String, argv: [String], env: [EnvVar] = [], workingDirectory: String? = nil,
                timeoutSeconds: Double, parser: ParserKind? = nil, searchPaths: [String] = [],
                optional: Bool = false, workload: WorkloadSpec? = nil) {
        self.label = label; self.argv = argv; self.env = env; self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds; self.parser = parser; self.searchPaths = searchPaths
        self.optional = optional; self.workload = workload
    }
}

/// A background capture (dmon) a step asks for. It runs once per node for the whole run
/// (`RunCaptures`); the step owns the part of its output written while it ran.
public struct PlannedCapture: Sendable, Codable, Equatable {
    public var name: String
    public var argv: [String]
    public var env: [EnvVar]
    public var parser: ParserKind?
    /// Where it runs when that is not the step's own node: a `placement: all` job runs on the head
    /// node, and its captures run on every node of the job.
    public var node: String?

    public init(name: String, argv: [String], env: [EnvVar] = [], parser: ParserKind?, node: String? = nil) {
        self.name = name; self.argv = argv; self.env = env; self.parser = parser; self.node = node
    }
}

/// A step after expansion (sweeps × env variants × repeats × nodes): everything needed to run it.
public struct PlannedStep: Sendable, Codable, Equatable {
    /// Position in the plan, 0-based.
    public var seq: Int
    public var name: String
    public var kind: StepKind
    public var node: String
    /// Label of the env-matrix variant (`NCCL_ALGO=Ring`), nil when the step has none.
    public var variant: String?
    public var variantEnv: [EnvVar]
    public var repeatIndex: Int
    public var commands: [PlannedCommand]
    public var captures: [PlannedCapture]
    /// The nodes a `placement: all` job runs on (it is planned on the head node, which launches
    /// it); nil for a step that runs on its own node. The runner lets such a job start only when
    /// every earlier step has finished, and later steps only after it: a benchmark must not share
    /// its nodes with another.
    public var jobNodes: [String]?
    /// The suite declares this step (or its env-matrix variant) degraded on purpose
    /// (`expect: degraded`): judge it against its own kind, never as a fault of the machine.
    public var expectDegraded: Bool
    /// The step's place in a pairwise plan (`pattern:`); nil for every other step.
    public var pairing: PairSlot?

    public init(seq: Int, name: String, kind: StepKind, node: String, variant: String? = nil,
                variantEnv: [EnvVar] = [], repeatIndex: Int = 0, commands: [PlannedCommand],
                captures: [PlannedCapture] = [], jobNodes: [String]? = nil, expectDegraded: Bool = false,
                pairing: PairSlot? = nil) {
        self.seq = seq; self.name = name; self.kind = kind; self.node = node; self.variant = variant
        self.variantEnv = variantEnv; self.repeatIndex = repeatIndex; self.commands = commands
        self.captures = captures; self.jobNodes = jobNodes; self.expectDegraded = expectDegraded
        self.pairing = pairing
    }

    /// The command whose argv the step is stored with: the one labelled `main`, else the first.
    public var mainCommand: PlannedCommand? {
        commands.first { $0.label == "main" } ?? commands.first
    }

    /// Stable identity: `name[variant]#repeat@node`.
    public var key: String {
        "\(Self.identity(name: name, variant: variant))#\(repeatIndex)@\(node)"
    }

    /// The step as a series across repeats and nodes, `name[variant]` (`name` without a variant):
    /// the form of `SeriesKey.step`, and the part of a `key` (and of `Finding.step`) before `#`.
    public var identity: String { Self.identity(name: name, variant: variant) }

    public static func identity(name: String, variant: String?) -> String {
        variant.map { "\(name)[\($0)]" } ?? name
    }

    /// `all_reduce_p2p[no_p2p]#1@gpu-001` → `all_reduce_p2p[no_p2p]`. The last `]` closes the variant
    /// (step and node names hold none, a list-form label's values may hold `#`), and the first `#`
    /// after it starts the repeat.
    public static func identity(ofKey key: String) -> String {
        let afterVariant = key.lastIndex(of: "]").map { key.index(after: $0) } ?? key.startIndex
        guard let hash = key[afterVariant...].firstIndex(of: "#") else { return key }
        return String(key[..<hash])
    }
}

extension PlannedStep {
    /// The step as it is stored and shown: every secret value replaced (`EnvVar.redacted`).
    public var redacted: PlannedStep {
        var copy = self
        copy.variantEnv = variantEnv.map(\.redacted)
        copy.commands = commands.map { command in
            var command = command
            command.env = command.env.map(\.redacted)
            return command
        }
        copy.captures = captures.map { capture in
            var capture = capture
            capture.env = capture.env.map(\.redacted)
            return capture
        }
        return copy
    }
}

/// The whole expanded suite.
public struct Plan: Sendable, Codable, Equatable {
    public var suiteName: String
    /// Every node the run touches, in order: the steps' nodes and a `placement: all` job's hosts.
    public var nodes: [String]
    public var steps: [PlannedStep]
    /// What each captured artifact may cost to parse (suite `defaults: {max_artifact_bytes: …}`).
    public var limits: ParseLimits

    public init(suiteName: String, nodes: [String], steps: [PlannedStep], limits: ParseLimits = ParseLimits()) {
        self.suiteName = suiteName; self.nodes = nodes; self.steps = steps; self.limits = limits
    }
}

extension Plan {
    /// The plan as it is printed: every secret value replaced.
    public var redacted: Plan {
        var copy = self
        copy.steps = steps.map(\.redacted)
        return copy
    }

    /// `from_env` variables the plan needs that `environment` does not set, in plan order, each once.
    public func missingFromEnv(in environment: [String: String]) -> [String] {
        var seen = Set<String>()
        let all = steps.flatMap { $0.commands.flatMap(\.env) + $0.captures.flatMap(\.env) + $0.variantEnv }
        return all.compactMap(\.fromEnv).filter { environment[$0] == nil && seen.insert($0).inserted }
    }
}
