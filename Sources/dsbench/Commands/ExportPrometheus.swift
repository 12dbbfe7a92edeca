import ArgumentParser

struct ExportPrometheus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prometheus",
        abstract: "A run's verdict, busbw and workload metrics in the Prometheus text format (or OpenMetrics).",
        discussion: """
            With -o the file is written atomically (a temporary file in the same folder, then a rename), \
            as node_exporter's textfile collector needs: point -o at its --collector.textfile.directory, one \
            file per suite (`dsbench-nightly.prom`). Without -o the text goes to stdout. --push PUTs the \
            Prometheus text to a Pushgateway (job dsbench, instance = the run's host, suite). The verdict \
            exported is the run's stored one (the one `check` exited with). Exits 0, or 69 when the push \
            failed (the file is written first). Every metric: docs/monitoring.md.
            """)

    @OptionGroup var selection: RunSelection
    @Option(name: [.customShort("o"), .long], help: "File to write (atomically); default stdout.") var output: String?
    @Flag(name: .long, help: "OpenMetrics 1.0 text instead of the Prometheus text format.") var openmetrics = false
    @OptionGroup var push: PushOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let store = try storeOptions.open()
        let id = try selection.resolve(in: store)
        let judgement = try Judging.current(runID: id, store: store)
        try await MonitoringExport.write(runID: id, judgement: judgement, store: store, file: output,
                                         openMetrics: openmetrics, push: push, stdoutWhenNoFile: true)
    }
}
