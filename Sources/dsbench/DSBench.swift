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

    /// ArgumentParser's own `main`, except for an error no command mapped to an exit code (a store
    /// refusal such as a full disk, say): ArgumentParser would exit 1, which is the regression
    /// code, so such an error is printed and exits 70.
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
                exit(withError: error is ExitCode || exitCode(for: error) != .failure ? error : unmapped(error))
            }
        } catch {
            exit(withError: error)
        }
    }

    static func unmapped(_ error: any Error) -> ExitCode {
        Console.error(String(describing: error))
        return Exit.internalError
    }
}
