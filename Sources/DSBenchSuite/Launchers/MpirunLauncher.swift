import DSBenchCore

public struct MpirunOptions: Sendable, Equatable {
    public enum Flavour: String, Sendable, CaseIterable {
        /// Upstream Open MPI (Debian's openmpi-bin).
        case openmpi
        /// NVIDIA HPC-X: Open MPI with UCX; HCOLL off, since NCCL does the collectives.
        case hpcx
    }

    public var flavour: Flavour
    /// The mpirun to call (a path, or a name looked up on PATH).
    public var program: String
    /// A hostfile path; nil passes the hosts with `-H host:slots,…`.
    public var hostfile: String?
    /// `--map-by` value; nil means one block of ranks per node (`ppr:<ranks>:node`).
    public var mapBy: String?
    /// Open MPI refuses to run as root unless told; only when the suite asks.
    public var allowRunAsRoot: Bool
    public var oversubscribe: Bool
    /// The command Open MPI's rsh launcher starts its remote daemons with (`--mca plm_rsh_agent`),
    /// e.g. `ssh -F /etc/dsbench/ssh_config`; nil keeps Open MPI's own (ssh, then rsh, from PATH).
    public var rshAgent: String?
    /// Extra mpirun arguments, placed before the program.
    public var extraArgs: [String]

    public init(flavour: Flavour = .openmpi, program: String = "mpirun", hostfile: String? = nil, mapBy: String? = nil,
                allowRunAsRoot: Bool = false, oversubscribe: Bool = false, rshAgent: String? = nil,
                extraArgs: [String] = []) {
        self.flavour = flavour; self.program = program; self.hostfile = hostfile; self.mapBy = mapBy
        self.allowRunAsRoot = allowRunAsRoot; self.oversubscribe = oversubscribe; self.rshAgent = rshAgent
        self.extraArgs = extraArgs
    }
}

/// `mpirun -np N (-H h:s,… | --hostfile F) --map-by … [-x NAME=VALUE]… program…`
enum MpirunLauncher {
    static func argv(_ job: Launcher.Job, _ options: MpirunOptions) -> [String] {
        var argv = [options.program]
        argv.reserveCapacity(16 + 2 * job.env.count + options.extraArgs.count + job.program.count)
        if options.allowRunAsRoot { argv.append("--allow-run-as-root") }
        argv += ["-np", String(job.totalRanks)]
        if let hostfile = options.hostfile {
            argv += ["--hostfile", hostfile]
        } else {
            argv += ["-H", hostsArgument(job)]
        }
        argv += ["--map-by", options.mapBy ?? "ppr:\(job.ranksPerHost):node"]
        if options.oversubscribe { argv.append("--oversubscribe") }
        if options.flavour == .hpcx {
            argv += ["--mca", "pml", "ucx", "--mca", "coll_hcoll_enable", "0"]
        }
        // One argv element: Open MPI splits the agent on spaces itself.
        if let agent = options.rshAgent { argv += ["--mca", "plm_rsh_agent", agent] }
        // Each value is its own argv element: spaces and quotes reach the ranks unchanged. A
        // secret goes by name only: mpirun exports it from its own environment (the step's env is
        // applied to it), so the value is never in argv, the stored step or `ps`.
        for variable in job.env { argv += ["-x", variable.secret ? variable.name : "\(variable.name)=\(variable.value)"] }
        return argv + options.extraArgs + job.program
    }

    /// `host:slots,host:slots`, the value of `-H`.
    static func hostsArgument(_ job: Launcher.Job) -> String {
        hostsArgument(job.hosts, slots: ":" + String(job.ranksPerHost))
    }

    /// Appended by hand, not interpolated and joined: a pairwise plan makes one per job (523,776).
    static func hostsArgument(_ hosts: [String], slots: String) -> String {
        var text = ""
        text.reserveCapacity(hosts.reduce(0) { $0 + $1.utf8.count + slots.utf8.count + 1 })
        for host in hosts {
            if !text.isEmpty { text.append(",") }
            text.append(host)
            text.append(slots)
        }
        return text
    }
}
