import ArgumentParser

@main
struct DSBench: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dsbench",
        abstract: "Benchmark orchestrator for GPU clusters: nccl-tests, nvidia-smi, inventories → SQLite.",
        discussion: ExitCode.documentation,
        version: version,
        subcommands: [
            Validate.self, Plan.self, Run.self, Runs.self, Show.self, Parse.self, Ingest.self,
            Reparse.self, Schema.self, Demo.self, Rules.self, Report.self, Doctor.self,
            Baseline.self, Compare.self, TrendCommand.self, Check.self, Export.self,
        ]
    )
}
