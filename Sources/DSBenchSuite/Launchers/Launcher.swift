import DSBenchCore

/// How a step that spans nodes (`placement: all`) is started as one job. Launchers only build argv:
/// no I/O, no environment reads, so every flag they emit is checked by exact-array tests.
public enum Launcher: Sendable, Equatable {
    /// The program itself, once per node (`placement: each`).
    case direct
    case mpirun(MpirunOptions)
    case srun(SrunOptions)

    /// Where and how many ranks to start, and what every rank needs in its environment.
    public struct Job: Sendable, Equatable {
        public var hosts: [String]
        /// Ranks per host (usually the GPUs per node, with nccl-tests `-g 1`).
        public var ranksPerHost: Int
        public var env: [EnvVar]
        public var program: [String]

        public init(hosts: [String], ranksPerHost: Int, env: [EnvVar], program: [String]) {
            self.hosts = hosts; self.ranksPerHost = max(1, ranksPerHost); self.env = env; self.program = program
        }

        public var totalRanks: Int { hosts.count * ranksPerHost }
    }

    /// The argv that starts `job`.
    public func argv(for job: Job) -> [String] {
        switch self {
        case .direct: return job.program
        case .mpirun(let options): return MpirunLauncher.argv(job, options)
        case .srun(let options): return SrunLauncher.argv(job, options)
        }
    }

    public var name: String {
        switch self {
        case .direct: return "direct"
        case .mpirun: return "mpirun"
        case .srun: return "srun"
        }
    }
}

extension Launcher {
    /// The argv of jobs that differ only in their hosts (a pairwise plan's 523,776 pairs): built
    /// once by `argv(for:)`, then only the element that names the hosts is replaced, so each job
    /// costs one array copy and one string instead of a whole argv (docs/performance.md).
    public struct HostSwap: Sendable {
        enum Element: Sendable {
            /// mpirun's `-H host:slots,…`.
            case mpirunHosts(slots: String)
            /// srun's `--nodelist=…`.
            case srunNodelist
        }

        let launcher: Launcher
        let job: Job
        let template: [String]
        /// Where `template` names the hosts and how; nil when it does not (`direct`, a hostfile),
        /// so the argv is built whole for every job.
        let hosts: (index: Int, element: Element)?

        /// What `argv(for:)` gives for the job with these hosts.
        public func argv(hosts names: [String]) -> [String] {
            guard let hosts, names.count == job.hosts.count else {
                var other = job
                other.hosts = names
                return launcher.argv(for: other)
            }
            var argv = template
            switch hosts.element {
            case .mpirunHosts(let slots): argv[hosts.index] = MpirunLauncher.hostsArgument(names, slots: slots)
            case .srunNodelist:
                var other = job
                other.hosts = names
                argv[hosts.index] = SrunLauncher.nodelistArgument(other)
            }
            return argv
        }
    }

    /// `job`'s argv, ready to be given other hosts.
    public func hostSwap(_ job: Job) -> HostSwap {
        let template = argv(for: job)
        let element: (HostSwap.Element, String)?
        switch self {
        case .direct: element = nil
        case .mpirun(let options):
            element = options.hostfile == nil ? (.mpirunHosts(slots: ":" + String(job.ranksPerHost)), MpirunLauncher.hostsArgument(job)) : nil
        case .srun: element = (.srunNodelist, SrunLauncher.nodelistArgument(job))
        }
        let hosts = element.flatMap { kind, text in template.firstIndex(of: text).map { ($0, kind) } }
        return HostSwap(launcher: self, job: job, template: template, hosts: hosts)
    }
}
