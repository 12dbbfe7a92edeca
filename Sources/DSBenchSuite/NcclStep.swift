/// An nccl-tests run. Every field is optional so the planner passes only what the suite sets and
/// nccl-tests keeps its own defaults for the rest.
public struct NcclStep: Sendable, Equatable {
    public var test: NcclTest
    public var sizes: SizeSweep?
    public var gpus: GPUCount?
    public var threads: Int?
    public var iters: Int?
    public var warmup: Int?
    public var check: Int?
    public var dtype: String?
    public var op: String?
    /// `-r`; -1 means every root (`root: all`).
    public var root: Int?
    public var extraArgs: [String]
    /// `-I 1`: per-iteration CUDA-event timings (nccl-tests ≥ 2.19.2); with `-J` they reach the
    /// JSON as `times_us`, which compare uses as samples.
    public var perIteration: Bool
    /// `-K`: leading iterations left out of the per-iteration statistics (nccl-tests ≥ 2.19.6).
    public var perIterationSkip: Int?
    /// Also plan a short NCCL_DEBUG=INFO sweep (`<name>.diagnose`) whose transport lines the
    /// health rules read.
    public var diagnose: Bool
    /// Run the test over groups of nodes or GPUs instead of all at once (`pattern:`); see PairSchedule.
    public var pattern: PairPattern?
    /// `concurrent: true`: a `gpu-pairs` round's disjoint pairs run at once (default: one pair at a
    /// time, since they share NVSwitch bandwidth). Node patterns always run a round at once.
    public var concurrentPairs: Bool = false

    public init(test: NcclTest, sizes: SizeSweep? = nil, gpus: GPUCount? = nil, threads: Int? = nil,
                iters: Int? = nil, warmup: Int? = nil, check: Int? = nil, dtype: String? = nil,
                op: String? = nil, root: Int? = nil, extraArgs: [String] = [], diagnose: Bool = false,
                perIteration: Bool = false, perIterationSkip: Int? = nil) {
        self.test = test; self.sizes = sizes; self.gpus = gpus; self.threads = threads
        self.iters = iters; self.warmup = warmup; self.check = check; self.dtype = dtype
        self.op = op; self.root = root; self.extraArgs = extraArgs; self.diagnose = diagnose
        self.perIteration = perIteration; self.perIterationSkip = perIterationSkip
    }

    /// `-d` values nccl-tests 2.19 accepts.
    public static let dtypes = ["int8", "uint8", "int32", "uint32", "int64", "uint64", "half", "float",
                                "double", "bfloat16", "f8e4m3", "f8e5m2", "all"]
    /// `-o` values nccl-tests 2.19 accepts.
    public static let ops = ["sum", "prod", "max", "min", "avg", "mulsum", "all"]
}

/// A size sweep in bytes: `-b min -e max` plus `-f factor` or `-i step` when given.
public struct SizeSweep: Sendable, Equatable {
    public enum Progression: Sendable, Equatable {
        case factor(Int)
        case step(Int64)
    }

    public var minBytes: Int64
    public var maxBytes: Int64
    public var progression: Progression?

    public init(minBytes: Int64, maxBytes: Int64, progression: Progression? = nil) {
        self.minBytes = minBytes; self.maxBytes = maxBytes; self.progression = progression
    }
}

/// `-g`: a fixed count, or every GPU of the node (resolved when the count is known).
public enum GPUCount: Sendable, Equatable {
    case count(Int)
    case auto
}

/// The nccl-tests binaries (`build/<name>_perf`).
public enum NcclTest: String, Sendable, Equatable, CaseIterable {
    case allReduce = "all_reduce"
    case allGather = "all_gather"
    case reduceScatter = "reduce_scatter"
    case alltoall
    case alltoallv
    case broadcast
    case reduce
    case sendrecv
    case scatter
    case gather
    case hypercube

    public var binary: String { rawValue + "_perf" }

    /// Tests whose `-r` selects a root rank.
    public var hasRoot: Bool {
        switch self {
        case .broadcast, .reduce, .scatter, .gather: return true
        default: return false
        }
    }

    /// Accepts `all_reduce` and `all_reduce_perf`.
    public init?(name: String) {
        let base = name.hasSuffix("_perf") ? String(name.dropLast(5)) : name
        self.init(rawValue: base)
    }
}
