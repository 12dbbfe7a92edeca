import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchVerdict
import Foundation

/// Shared by `report` and `run --report`.
enum ReportGeneration {
    static func write(runID: Int64, judgement: Judgement, store: Store, formats: [ReportFormat], output: String?) throws -> [String] {
        let model: ReportModel
        do {
            model = try ReportData.load(runID: runID, store: store, options: ReportOptions(
                judgement: judgement, baselineRunIDs: judgement.verdict.baseline?.runIDs ?? [],
                policy: RunJudgement.regressionPolicy(ofRun: runID, store: store)))
        } catch {
            throw CommandFailure.internalError("report of run \(runID): \(error)")
        }
        let directory = output ?? ReportWriter.defaultDirectory(suite: model.run.suite, runID: runID)
        do {
            return try ReportWriter.write(model, formats: formats, to: directory)
        } catch {
            throw CommandFailure.internalError("writing the report into \(directory): \(error.localizedDescription)")
        }
    }
}
