import ArgumentParser
import DSBenchVerdict

/// dsbench's exit codes (DESIGN.md): the one place where a failure becomes a number. Commands
/// throw `CommandFailure`; `DSBench.main` exits with its kind's code.
extension CommandFailure.Kind {
    var exitCode: ExitCode {
        switch self {
        case .regression: ExitCode(1)
        case .execution: ExitCode(2)
        case .usage: ExitCode(64)
        case .unparseable: ExitCode(65)
        // sysexits' EX_UNAVAILABLE; the textfile, when asked for, was written first.
        case .pushFailed: ExitCode(69)
        case .internalError: ExitCode(70)
        case .locked: ExitCode(75)
        case .interrupted: ExitCode(130)
        }
    }
}

extension CommandFailure {
    /// A verdict that does not pass, as the failure its exit code stands for (nil: pass, exit 0).
    /// The codes are the verdict's own (`Verdict.Status.exitCode`), which the JSON reports carry.
    init?(verdict: Verdict, message: String? = nil) {
        switch verdict.status {
        case .pass: return nil
        case .fail: self.init(.regression, message)
        case .error, .noVerdict: self.init(.execution, message)
        }
    }
}

/// Exits outside a command's failure: stdout gone mid-write (a closed pipe, a full disk), where
/// nothing more can be said on it (sysexits' EX_IOERR).
enum ProcessExit {
    static let stdoutUnwritable: Int32 = 74
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
