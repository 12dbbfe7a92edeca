import DSBenchEngine
import DSBenchStore

/// Why a command ends with a code other than 0: what kind of failure it is (which decides the
/// exit code, ExitCodes.swift) and what to tell the user. Commands throw it and print nothing
/// about it themselves; `DSBench.main` prints the message once and exits with the kind's code.
struct CommandFailure: Error, Equatable {
    enum Kind: CaseIterable, Sendable {
        /// Verdict fail (a regression, a fleet outlier, degraded hardware, wrong results).
        case regression
        /// Verdict error or no verdict; a node doctor found not ready; a bisection stage unmeasured.
        case execution
        /// Usage or suite error, or a database that is not the user's to use: nothing was run.
        case usage
        case unparseable
        /// The Pushgateway refused the metrics or could not be reached.
        case pushFailed
        /// The store refused a write, a file could not be written, a bug.
        case internalError
        /// Another run holds the run lock.
        case locked
        /// Ctrl-C or SIGTERM; what finished is kept (the interruption was announced as it came).
        case interrupted
    }

    /// How the message goes out on stderr.
    enum Style: Sendable {
        /// `dsbench: <message>`.
        case error
        /// As it is: `file:line:col: …` diagnostics of a suite, which start with their own location.
        case diagnostic
    }

    var kind: Kind
    /// nil when everything was said already (the verdict, an interruption, doctor's table).
    var message: String?
    var style: Style = .error

    init(_ kind: Kind, _ message: String? = nil, style: Style = .error) {
        self.kind = kind; self.message = message; self.style = style
    }

    static func usage(_ message: String) -> Self { Self(.usage, message) }
    static func unparseable(_ message: String) -> Self { Self(.unparseable, message) }
    static func internalError(_ message: String) -> Self { Self(.internalError, message) }
    static func pushFailed(_ message: String) -> Self { Self(.pushFailed, message) }
    static let interrupted = Self(.interrupted)
}

extension CommandFailure {
    /// Another run holds the lock (75), or there is no lock file to take (70).
    init(_ refusal: RunLock.Refusal) {
        self.init(refusal.reason == .held ? .locked : .internalError, refusal.description)
    }

    /// A baseline named on the command line that names no baseline or run.
    init(_ missing: RunJudgement.BaselineMissing) {
        self.init(.usage, missing.description)
    }

    /// Opening `--db`: a database that is missing, not dsbench's or not yet migrated is the
    /// user's choice of file (usage); anything else the store refuses is internal.
    init(opening error: StoreError) {
        switch error.kind {
        case .noDatabase, .notDsbench, .needsMigration: self.init(.usage, error.description)
        default: self.init(.internalError, error.description)
        }
    }
}
