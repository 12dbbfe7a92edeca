import DSBenchCore
#if canImport(Glibc)
import Glibc
#endif

/// The jobs of one pairwise round start together, each its own `mpirun` on the head node. Open MPI
/// 4 keeps every mpirun's session directory under one `$TMPDIR/ompi.<host>.<uid>`, and one job
/// removing it as it ends races another creating its own there: `orte_session_dir failed`, the
/// job fails before it starts (open-mpi/ompi#8510; 1 job in 28 in one of four 8-node runs of
/// `PairwiseOverSSHTests` on the 2-core VM). Each job of a round gets a `TMPDIR` of its own, by
/// its place in the round, so jobs that overlap never share one and the next round reuses them.
/// The directory names the user (Open MPI creates it 0700, so another user's run on the same head
/// node could not use it): the one input of the plan that is not the suite, read here on purpose.
enum MpirunSessionDirectory {
    static func path(jobInRound index: Int, user: UInt32 = getuid()) -> String { "/tmp/dsbench-mpirun-\(user).\(index)" }

    /// `command` with its own `TMPDIR`, unless the suite set one.
    static func separate(_ command: PlannedCommand, jobInRound index: Int) -> PlannedCommand {
        guard !command.env.contains(where: { $0.name == "TMPDIR" }) else { return command }
        var separated = command
        separated.env.append(EnvVar("TMPDIR", path(jobInRound: index)))
        return separated
    }
}
