import ArgumentParser

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "baseline",
        abstract: "Name runs as the reference that later runs are compared with.",
        subcommands: [SetBaseline.self, ListBaselines.self, ShowBaseline.self, RemoveBaseline.self]))
}
