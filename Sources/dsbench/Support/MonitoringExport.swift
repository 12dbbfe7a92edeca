import DSBenchCore
import DSBenchEngine
import DSBenchPush
import DSBenchReport
import DSBenchStore
import DSBenchVerdict
import Foundation

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
            throw CommandFailure.internalError("metrics of run \(runID): \(error)")
        }
        let text = openMetrics ? OpenMetricsText().render(model) : PrometheusText().render(model)
        if let file {
            do { try ExportFile.writeAtomically(text, to: file) } catch {
                throw CommandFailure.internalError(error.description)
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
            throw CommandFailure.pushFailed(error.description + (file.map { "; \($0) was written" } ?? ""))
        }
    }
}
