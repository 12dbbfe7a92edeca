import ArgumentParser

/// dsbench's exit codes (DESIGN.md), shared by every command.
enum Exit {
    /// Nothing wrong.
    static let ok = ExitCode(0)
    /// A regression or a critical finding (#wrong > 0, out-of-bounds FAILED).
    static let regression = ExitCode(1)
    /// An execution problem (a step failed, a node unreachable) and no regression decided.
    static let execution = ExitCode(2)
    /// Usage or suite error.
    static let usage = ExitCode(64)
    /// Unparseable input.
    static let unparseable = ExitCode(65)
    /// Internal error (the store refused a write, a bug).
    static let internalError = ExitCode(70)
    /// Another run holds the lock.
    static let locked = ExitCode(75)
    /// Interrupted by Ctrl-C / SIGTERM; what finished is kept.
    static let interrupted = ExitCode(130)
}

extension ExitCode {
    static let documentation = """
        EXIT CODES
          0    nothing wrong
          1    regression or critical finding (wrong elements, out-of-bounds FAILED)
          2    execution problem (a step failed, a node unreachable), no regression decided
          64   usage or suite error (nothing was run)
          65   unparseable input
          70   internal error
          75   another run holds the lock
          130  interrupted (Ctrl-C); finished steps are kept, the run is marked interrupted

        ENVIRONMENT
          DSBENCH_DB   SQLite file to use when --db is not given (default ./dsbench.db)
        """
}
