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
