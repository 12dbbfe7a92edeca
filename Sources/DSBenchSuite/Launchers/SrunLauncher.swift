import DSBenchCore

public struct SrunOptions: Sendable, Equatable {
    /// `--mpi=` plugin. `none` starts plain tasks (no PMI server): programs that are not MPI jobs,
    /// or clusters whose Slurm was built without PMIx.
    public enum MPI: String, Sendable, CaseIterable { case pmix, pmi2, none }

    public var program: String
    public var mpi: MPI
    public var gpusPerNode: Int?
    /// Slurm partition (`-p`), if any.
    public var partition: String?
    public var extraArgs: [String]

    public init(program: String = "srun", mpi: MPI = .pmix, gpusPerNode: Int? = nil, partition: String? = nil,
                extraArgs: [String] = []) {
        self.program = program; self.mpi = mpi; self.gpusPerNode = gpusPerNode; self.partition = partition
        self.extraArgs = extraArgs
    }
}

/// `srun --nodes=N --ntasks-per-node=R [--gpus-per-node=G] --mpi=… --nodelist=… --export=ALL,… program…`
///
/// `--export` splits its list at commas, so a value with a comma is exported by name only: srun
/// then takes it from its own environment, which the step's env is applied to.
enum SrunLauncher {
    static func argv(_ job: Launcher.Job, _ options: SrunOptions) -> [String] {
        var argv = [options.program, "--nodes=\(job.hosts.count)", "--ntasks-per-node=\(job.ranksPerHost)"]
        if let gpus = options.gpusPerNode { argv.append("--gpus-per-node=\(gpus)") }
        argv.append("--mpi=\(options.mpi.rawValue)")
        if let partition = options.partition { argv.append("--partition=\(partition)") }
        argv.append(nodelistArgument(job))
        // A secret goes by name only too: never in argv.
        let exports = job.env.map { $0.secret || $0.value.contains(",") ? $0.name : "\($0.name)=\($0.value)" }
        argv.append((["--export=ALL"] + exports).joined(separator: ","))
        return argv + options.extraArgs + job.program
    }

    static func nodelistArgument(_ job: Launcher.Job) -> String {
        "--nodelist=\(Hostlist.compress(job.hosts))"
    }
}
