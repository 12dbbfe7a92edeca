import ArgumentParser
import Foundation
import Logging

@main
struct DSBench: AsyncParsableCommand {
    static let version = "0.1.0"

    // Every command names itself (`commandName:`): left out, ArgumentParser derives the name with
    // String(describing:) of the type, a scan of every protocol conformance in the binary per
    // command, 21 % of `dsbench --version` (perf, static build). CommandNamesTests keeps it so.
    static let configuration = CommandConfiguration(
        commandName: "dsbench",
        abstract: "Benchmark orchestrator for GPU clusters: nccl-tests, nvidia-smi, inventories → SQLite.",
        discussion: ExitCode.documentation,
        version: version,
        subcommands: [
            Validate.self, Plan.self, Run.self, Runs.self, Show.self, Parse.self, Ingest.self,
            Reparse.self, Schema.self, Demo.self, Rules.self, Report.self, Doctor.self,
            Baseline.self, Compare.self, TrendCommand.self, Check.self, Export.self, Bisect.self,
        ]
    )

    /// ArgumentParser's own `main`, except for how a command ends: a `CommandFailure` is printed
    /// here, once, and exits with its kind's code (ExitCodes.swift). An error no command mapped (a
    /// store refusal such as a full disk, say) would exit 1 through ArgumentParser, which is the
    /// regression code, so it is printed and exits as an internal error (70).
    static func main() async {
        DiagnosticLog.bootstrap(ProcessInfo.processInfo.environment["DSBENCH_LOG"])
        do {
            var command = try await asyncParseAsRoot(nil)
            do {
                if var asyncCommand = command as? AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch {
                exit(withError: exitError(for: error))
            }
        } catch {
            exit(withError: error)
        }
    }

    /// What a command's error says and exits with. ArgumentParser's own errors (a `ValidationError`
    /// thrown while running, `--help`) are left to ArgumentParser, which prints them with the usage.
    static func exitError(for error: any Error) -> any Error {
        switch error {
        case let failure as CommandFailure:
            report(failure)
            return failure.kind.exitCode
        case is ExitCode:
            return error
        default:
            guard exitCode(for: error) == .failure else { return error }
            return exitError(for: CommandFailure.internalError(String(describing: error)))
        }
    }

    static func report(_ failure: CommandFailure) {
        guard let message = failure.message else { return }
        switch failure.style {
        case .error: Console.error(message)
        case .diagnostic: Console.info(message)
        }
    }
}
