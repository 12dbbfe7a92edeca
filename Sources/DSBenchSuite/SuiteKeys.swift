/// Every key of format v1, by place. The decoder checks against these lists and a test checks that
/// the JSON Schema declares exactly the same keys, so the two cannot drift apart.
enum SuiteKeys {
    static let topLevel = ["version", "suite", "description", "nodes", "defaults", "captures", "regression", "health",
                           "verdict", "steps", "ssh", "groups", "node_overrides", "redact_env"]
    static let redactEnv = ["also", "except"]
    static let ssh = ["user", "port", "identity", "jump_host", "connect_timeout", "known_hosts"]
    static let nodeOverride = ["ssh", "env", "gpus", "nccl_tests_path", "workdir"]
    static let nodeSSH = ["user", "port", "identity", "jump_host", "connect_timeout", "hostname"]
    static let defaults = ["env", "timeout", "workdir", "nccl_tests_path", "max_artifact_bytes", "max_planned_steps",
                           "nvbandwidth_path"]
    static let captures = [DmonCapture.name]
    static let dmon = ["metrics", "interval"]

    static let stepKinds = ["nccl", "inventory", "command", "workload", "nvbandwidth"]
    static let stepCommon = ["name", "env", "env_matrix", "repeat", "timeout", "workdir", "captures", "nodes", "regression",
                             "placement", "launcher", "expect"]
    /// The long form of an env-matrix variant: `{env: {…}, expect: degraded}`.
    static let envVariant = ["env", "expect"]
    static let launcher = ["type", "ranks_per_node", "program", "hostfile", "map_by", "allow_run_as_root",
                           "oversubscribe", "flavour", "rsh_agent", "mpi", "gpus_per_node", "partition", "extra_args"]
    static let ncclOnly = ["sizes", "gpus", "threads", "iters", "warmup", "check", "dtype", "op", "root",
                           "extra_args", "diagnose", "per_iteration", "per_iteration_skip", "pattern", "k", "concurrent"]
    static let commandOnly = ["parser"]
    static let workloadOnly = ["metrics", "trace"]
    /// Keys of workload and command steps only.
    static let profiled = ["profile"]
    static let step = stepCommon + stepKinds + ncclOnly + commandOnly + workloadOnly + profiled
    static let profile = ["tool"] + ProfileDecoder.ncuKeys + ProfileDecoder.nsysKeys
    static let metric = ["name", "regex", "json", "labels", "unit", "direction", "warmup", "summary"]
    static let sizes = ["min", "max", "factor", "step"]
    static let inventory = ["health", "kernel_log_window"]
    static let nvbandwidth = ["testcases", "buffer_size", "samples"]

    static let regression = ["baseline", "tolerance", "fleet_z", "alpha", "auto_runs", "metric_tolerance",
                             "metric_tolerances"]
    static let stepRegression = ["tolerance"]
    static let tolerance = ["latency", "mid", "bandwidth"]
    static let health = ["thresholds", "expected_busbw", "busy_steps", "disabled_rules"]
    static let verdict = ["fail", "pass", "severity"]
    static let expectedBusbw = ["gpu", "gpus", "interconnect", "collective", "nvls", "busbw", "source"]

    static let formatVersion = 1
}
