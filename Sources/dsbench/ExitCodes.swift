import ArgumentParser

/// dsbench's exit codes (DESIGN.md), shared by every command.
enum Exit {
    /// Verdict pass. (0, 1 and 2 are the verdict's: `Verdict.Status.exitCode`.)
    static let ok = ExitCode(0)
    /// Verdict fail.
    static let regression = ExitCode(1)
    /// Verdict error or no verdict.
    static let execution = ExitCode(2)
    /// Usage or suite error.
    static let usage = ExitCode(64)
    /// Unparseable input.
    static let unparseable = ExitCode(65)
    /// The Pushgateway refused the metrics or could not be reached (sysexits' EX_UNAVAILABLE);
    /// the textfile, when asked for, was written first.
    static let pushFailed = ExitCode(69)
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
          0    verdict pass (first night: no baseline yet, said so)
          1    verdict fail: regression, fleet outlier, degraded hardware or wrong results
          2    verdict error (a step failed, a node unreachable) or no_verdict (nothing could be compared)
          64   usage or suite error (nothing was run); a --db that is missing, not dsbench's
               or not yet migrated (read commands never create or migrate one)
          65   unparseable input
          69   --push: the Pushgateway refused the metrics or could not be reached (the
               --prometheus / -o file was still written; check exits with a failing verdict first)
          70   internal or storage error (full disk, unwritable database); the run is marked failed
          75   another run holds the lock (run, check, reparse, ingest --run, compare, baseline set/rm)
          130  interrupted (Ctrl-C); finished steps are kept, the run is marked interrupted

        ENVIRONMENT
          DSBENCH_DB   SQLite file to use when --db is not given (default ./dsbench.db)
        """
}
