import ArgumentParser
import DSBenchCore
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
        DiagnosticLog.bootstrap(EnvironmentVariable.value("DSBENCH_LOG"))
        do {
            var command: any ParsableCommand
            if let direct = parseDirectly(Array(CommandLine.arguments.dropFirst())) {
                command = direct
            } else {
                command = try await asyncParseAsRoot(nil)
            }
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

    /// The command `arguments` name, parsed with it as the root (`dsbench show 3` as `show 3`),
    /// or nil for anything else: no such command, `--help`, a parse or validation error, which the
    /// whole tree then parses again, so that every message and help text is the one it always was.
    ///
    /// Why: parsed from the root, every dsbench process first asked ArgumentParser whether it was
    /// to print a shell completion script — two more parses, of commands of its own, each one
    /// reflecting on its type and looking up protocols no type of the process had needed yet:
    /// 9.3 M instructions of the 67 M of `dsbench show` (callgrind). ArgumentParser leaves that check
    /// out for a root that names a super command, which every top-level command does
    /// (`underDSBench`); its usage then reads `dsbench show …` as from the root.
    static func parseDirectly(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let name = arguments.first, !name.hasPrefix("-"),
              let type = configuration.subcommands.first(where: { $0.configuration.commandName == name }),
              let command = try? type.parseAsRoot(Array(arguments.dropFirst())),
              Self.tree(of: type).contains(where: { ObjectIdentifier($0) == ObjectIdentifier(Swift.type(of: command)) })
        else { return nil }
        return command
    }

    /// `type` and every command under it.
    static func tree(of type: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
        [type] + type.configuration.subcommands.flatMap { tree(of: $0) }
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

extension CommandConfiguration {
    /// The configuration of a command directly under `dsbench`, marked as one (see
    /// `DSBench.parseDirectly`). The mark matters only where the command is parsed as the root:
    /// under `DSBench`, ArgumentParser reads the root's configuration, which has none.
    static func underDSBench(_ configuration: CommandConfiguration) -> CommandConfiguration {
        var configuration = configuration
        configuration._superCommandName = DSBench.configuration.commandName
        return configuration
    }
}

