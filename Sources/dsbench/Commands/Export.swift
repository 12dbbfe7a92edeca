import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchPush
import DSBenchReport
import DSBenchStore
import DSBenchVerdict
import Foundation

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a run for other tools: Prometheus/OpenMetrics metrics, CSV tables.",
        discussion: "Metrics and their labels: docs/monitoring.md.",
        subcommands: [ExportPrometheus.self, ExportCSV.self])
}

/// `RUN|latest` with `--suite`: `latest` is the suite's newest run, an id must belong to it.
struct RunSelection: ParsableArguments {
    @Argument(help: "Run id or `latest`.") var runRef: RunReference = RunReference(argument: "latest")!
    @Option(name: .long, help: "Suite name: `latest` means this suite's newest run.") var suite: String?

    func resolve(in store: Store) throws -> Int64 {
        guard let suite else { return try runRef.resolve(in: store) }
        switch runRef.kind {
        case .latest:
            guard let id = try store.runs(limit: 1, suite: suite).first?.id else {
                Console.error("no runs of suite '\(suite)' in \(store.path); list runs with `dsbench runs`")
                throw Exit.usage
            }
            return id
        case .id:
            let id = try runRef.resolve(in: store)
            if let run = try store.runDetail(id: id)?.run, run.suiteName != suite {
                Console.error("run \(id) is of suite '\(run.suiteName)', not '\(suite)'")
                throw Exit.usage
            }
            return id
        }
    }
}

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

/// `--push URL [--push-timeout S]`, shared by `export prometheus` and `check`.
struct PushOptions: ParsableArguments {
    @Option(name: .long, help: "Pushgateway URL (http://pushgw:9091): PUT the metrics to /metrics/job/dsbench/instance/<host>/suite/<suite>.")
    var push: String?
    @Option(name: .customLong("push-timeout"), help: "Seconds to wait for the Pushgateway.") var pushTimeout: Double = 10

    func validate() throws {
        if let push, case .failure(let failure) = Pushgateway.parseBase(push) { throw ValidationError(failure.description) }
        if pushTimeout <= 0 { throw ValidationError("--push-timeout must be more than 0 seconds") }
    }
}

/// Shared by `export prometheus` and `check --prometheus/--push`: build the metrics once, write
/// the file, then push; a failed push is exit 69 after the file is written.
enum MonitoringExport {
    static func write(runID: Int64, judgement: Judgement, store: Store, file: String?, openMetrics: Bool,
                      push: PushOptions, stdoutWhenNoFile: Bool) async throws {
        let model: MetricsModel
        let host: String
        do {
            let input = try MonitoringData.input(runID: runID, judgement: judgement, exporterVersion: DSBench.version, store: store)
            model = MonitoringMetrics.families(input)
            host = input.run.host ?? LocalHost.name ?? "unknown"
        } catch {
            Console.error("metrics of run \(runID): \(error)")
            throw Exit.internalError
        }
        let text = openMetrics ? OpenMetricsText().render(model) : PrometheusText().render(model)
        if let file {
            do { try ExportFile.writeAtomically(text, to: file) } catch {
                Console.error(error.description)
                throw Exit.internalError
            }
        } else if stdoutWhenNoFile {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        guard let url = push.push, case .success(let base) = Pushgateway.parseBase(url) else { return }
        let suite = judgement.verdict.suite
        let gateway = Pushgateway(base: base, grouping: [("instance", host), ("suite", suite)], timeout: push.pushTimeout)
        do {
            // The Pushgateway reads the Prometheus text format only, whatever the file is.
            try await gateway.push(openMetrics ? PrometheusText().render(model) : text, contentType: PrometheusText.contentType)
            Console.info("pushed \(model.families.reduce(0) { $0 + $1.samples.count }) samples to \(gateway.url.absoluteString)")
        } catch {
            Console.error(error.description + (file.map { "; \($0) was written" } ?? ""))
            throw Exit.pushFailed
        }
    }
}
