import DSBenchCore

/// One entry of `node_overrides:`: settings for the nodes of a mixed cluster that differ from the rest
/// (another SSH port or user, more GPUs, nccl-tests installed elsewhere, extra env).
public struct NodeOverride: Sendable, Equatable {
    /// The key as written (`gpu-[01-04]`, `@h100`), for messages and `dsbench plan`.
    public var selector: String
    /// The nodes the key names, expanded.
    public var nodes: [String]
    /// Only the values set here replace the suite's `ssh:` ones (the command line still wins).
    public var ssh: SuiteSSH
    /// Added after the suite's and the step's env, before env-matrix variants and `--env`.
    public var env: [EnvVar]
    /// GPUs on these nodes: fills `gpus: auto` and `ranks_per_node: gpus`.
    public var gpus: Int?
    /// Replaces `defaults.nccl_tests_path` on these nodes.
    public var ncclTestsPath: [String]?
    /// Replaces the suite's and the step's workdir on these nodes.
    public var workdir: String?

    public init(selector: String, nodes: [String], ssh: SuiteSSH = .init(), env: [EnvVar] = [], gpus: Int? = nil,
                ncclTestsPath: [String]? = nil, workdir: String? = nil) {
        self.selector = selector; self.nodes = nodes; self.ssh = ssh; self.env = env; self.gpus = gpus
        self.ncclTestsPath = ncclTestsPath; self.workdir = workdir
    }
}

/// Every override that matches one node, folded in declaration order (later entries win; env
/// variables accumulate, a later value for the same name replaces the earlier one).
public struct NodeSettings: Sendable, Equatable {
    public var ssh: SuiteSSH
    public var env: [EnvVar]
    public var gpus: Int?
    public var ncclTestsPath: [String]?
    public var workdir: String?

    public init(ssh: SuiteSSH = .init(), env: [EnvVar] = [], gpus: Int? = nil, ncclTestsPath: [String]? = nil,
                workdir: String? = nil) {
        self.ssh = ssh; self.env = env; self.gpus = gpus; self.ncclTestsPath = ncclTestsPath; self.workdir = workdir
    }
}

extension Suite {
    /// What `node_overrides:` sets for `node` (empty settings when nothing matches). The `ssh` part
    /// holds only the overrides' values: lay it over the suite's `ssh:` with `sshSettings(for:)`.
    public func settings(for node: String) -> NodeSettings {
        var settings = NodeSettings()
        for entry in nodeOverrides where entry.nodes.contains(node) {
            settings.ssh = settings.ssh.overlaid(by: entry.ssh)
            settings.env = Planner.mergeEnv([settings.env, entry.env])
            settings.gpus = entry.gpus ?? settings.gpus
            settings.ncclTestsPath = entry.ncclTestsPath ?? settings.ncclTestsPath
            settings.workdir = entry.workdir ?? settings.workdir
        }
        return settings
    }

    /// The suite's `ssh:` with the node's overrides laid over it.
    public func sshSettings(for node: String) -> SuiteSSH { ssh.overlaid(by: settings(for: node).ssh) }

    /// Nodes that some override changes the SSH settings of.
    public var nodesWithSSHOverrides: [String] {
        var seen: Set<String> = []
        return nodeOverrides.filter { $0.ssh != SuiteSSH() }.flatMap(\.nodes).filter { seen.insert($0).inserted }
    }
}
