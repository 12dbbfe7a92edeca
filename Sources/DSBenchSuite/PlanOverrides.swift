import DSBenchCore

/// What the command line may change about a plan without editing the suite.
public struct PlanOverrides: Sendable, Equatable {
    /// Replaces every step's `repeat`.
    public var repeatCount: Int?
    /// Keep only these steps (by name), in suite order; nil keeps all.
    public var only: [String]?
    /// Added after all suite env (so it wins), in this order.
    public var env: [EnvVar]
    /// Hostlist expressions replacing the suite's (and every step's) nodes.
    public var nodes: [String]?
    /// Hostlist expressions of nodes to leave out (after `nodes`, from every step).
    public var exclude: [String]
    /// Node groups that every `placement: all` nccl step runs over, one job per group and all at
    /// once (one round): a stage of `dsbench bisect`. Its nodes are the groups' nodes.
    public var groups: [[String]]?

    public init(repeatCount: Int? = nil, only: [String]? = nil, env: [EnvVar] = [], nodes: [String]? = nil,
                exclude: [String] = [], groups: [[String]]? = nil) {
        self.repeatCount = repeatCount; self.only = only; self.env = env; self.nodes = nodes
        self.exclude = exclude; self.groups = groups
    }
}

public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownStep(String, suggestion: String?)
    case badRepeat(Int)
    case badNodes(String, reason: String)
    case badEnvName(String)
    /// `only` removed every step.
    case emptyPlan
    /// A `placement: all` step needs one value from its nodes' `node_overrides`, and they differ or lack it.
    case nodesDisagree(step: String, reason: String)
    /// The plan would expand to more than `limit` steps (`defaults.max_planned_steps`).
    case tooManySteps(PlanSize, limit: Int)

    public var description: String {
        switch self {
        case .unknownStep(let name, let suggestion):
            return "no step named '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .badRepeat(let count): return "repeat must be at least 1, got \(count)"
        case .badNodes(let expression, let reason): return "bad node list '\(expression)': \(reason)"
        case .badEnvName(let name): return "'\(name)' is not an environment variable name"
        case .emptyPlan: return "no steps left to plan"
        case .nodesDisagree(let step, let reason): return "step '\(step)': \(reason)"
        case .tooManySteps(let size, let limit):
            return "the plan expands to \(size.explanation), more than the limit of \(limit); "
                + "lower --repeat, env_matrix or the nodes, or raise defaults.max_planned_steps"
        }
    }
}
