/// Every key of format v1, by place. The decoder checks against these lists and a test checks that
/// the JSON Schema declares exactly the same keys, so the two cannot drift apart.
enum SuiteKeys {
    static let topLevel = ["version", "suite", "description", "nodes", "defaults", "captures", "health", "steps"]
    static let defaults = ["env", "timeout", "workdir", "nccl_tests_path"]
    static let captures = [DmonCapture.name]
    static let dmon = ["metrics", "interval"]

    static let stepKinds = ["nccl", "inventory", "command"]
    static let stepCommon = ["name", "env", "env_matrix", "repeat", "timeout", "workdir", "captures", "nodes"]
    static let ncclOnly = ["sizes", "gpus", "threads", "iters", "warmup", "check", "dtype", "op", "root",
                           "extra_args", "diagnose"]
    static let commandOnly = ["parser"]
    static let step = stepCommon + stepKinds + ncclOnly + commandOnly
    static let sizes = ["min", "max", "factor", "step"]
    static let inventory: [String] = []

    static let health = ["thresholds", "expected_busbw", "busy_steps", "disabled_rules"]
    static let expectedBusbw = ["gpu", "gpus", "interconnect", "collective", "nvls", "busbw", "source"]

    static let formatVersion = 1
}
