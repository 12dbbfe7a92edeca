import ArgumentParser

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "export",
        abstract: "Export a run for other tools: Prometheus/OpenMetrics metrics, CSV tables.",
        discussion: "Metrics and their labels: docs/monitoring.md.",
        subcommands: [ExportPrometheus.self, ExportCSV.self]))
}
