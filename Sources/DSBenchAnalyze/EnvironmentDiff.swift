import DSBenchCore

/// One thing that differs between the baseline's runs and the candidate run.
public struct EnvironmentChange: Sendable, Equatable {
    /// `driver_version on local`, `env NCCL_P2P_DISABLE`, `nodes` …
    public var what: String
    /// Every value seen on that side, sorted; empty means absent.
    public var baseline: [String]
    public var candidate: [String]
}

/// What a run ran on, flattened to named sets of values so that two environments diff generically.
public struct RunEnvironment: Sendable, Equatable {
    public var values: [String: Set<String>] = [:]

    public init() {}

    mutating func add(_ key: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        values[key, default: []].insert(value)
    }

    /// The union of several runs' environments (a baseline spanning runs).
    public static func merged(_ environments: [RunEnvironment]) -> RunEnvironment {
        var out = RunEnvironment()
        for env in environments { out.values.merge(env.values) { $0.union($1) } }
        return out
    }

    /// A run's inventory (driver, CUDA, NCCL and nccl-tests versions, GPU models, PCIe link,
    /// topology), the env its steps set (NCCL_* and the rest), its node list and the devices
    /// nccl-tests reported (step headers only: `points` are not read).
    public init(facts: [FactRow], gpus: [InventoryGPURow], stepEnvironments: [(node: String, env: [String: String])],
                ncclSteps: [NcclStepResults]) {
        var env = RunEnvironment()
        for fact in facts where fact.key != "nvlink" {
            env.add("\(fact.key) on \(fact.node)", fact.key == "topology" ? "matrix sha256 " + String(SHA256.hex(Array(fact.value.utf8)).prefix(12)) : fact.value)
        }
        for gpu in gpus {
            let prefix = "GPU \(gpu.index) on \(gpu.node)"
            env.add("\(prefix) model", gpu.name)
            env.add("\(prefix) driver", gpu.driverVersion)
            if let gen = gpu.pcieGenCurrent, let width = gpu.pcieWidthCurrent { env.add("\(prefix) PCIe link", "gen\(gen) x\(width)") }
            env.add("\(prefix) VBIOS", gpu.vbiosVersion)
        }
        for step in stepEnvironments {
            for (name, value) in step.env { env.add("env \(name) on \(step.node)", value) }
        }
        for step in ncclSteps {
            env.add("nodes", step.node)
            env.add("nccl-tests devices on \(step.node)", SeriesKey.hardwareClass(step))
        }
        self = env
    }
}

public enum EnvironmentDiff {
    /// Keys whose value sets differ, sorted by key.
    public static func diff(baseline: RunEnvironment, candidate: RunEnvironment) -> [EnvironmentChange] {
        Set(baseline.values.keys).union(candidate.values.keys).sorted().compactMap { key in
            let before = baseline.values[key] ?? [], after = candidate.values[key] ?? []
            return before == after ? nil : EnvironmentChange(what: key, baseline: before.sorted(), candidate: after.sorted())
        }
    }
}
