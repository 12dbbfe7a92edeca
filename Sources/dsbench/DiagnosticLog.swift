import Logging

/// swift-log's level for the libraries' debug lines (what each process was started with, how it
/// ended, a capture that could not start), on standard error so stdout stays the command's own
/// output. `DSBENCH_LOG=debug dsbench run …`; unset or unknown: warnings only, which the
/// libraries do not emit today, so the default costs nothing.
enum DiagnosticLog {
    static func bootstrap(_ setting: String?) {
        let level = setting.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
