import ArgumentParser
import DSBenchReport

/// `--report html,md,json`: the report that `run` and `check` write once the run is judged.
struct RunReportOptions: ParsableArguments {
    @Option(name: .long, help: "Also write a report (html,md,json) into reports/<suite>-<run>/, against the run's baseline runs.")
    var report: String?

    func validate() throws {
        if let report, ReportFormat.parseList(report).unknown != nil || ReportFormat.parseList(report).formats.isEmpty {
            throw ValidationError("--report expects formats separated by commas: html, md, json (got '\(report)')")
        }
    }

    /// nil when no report was asked for.
    var formats: [ReportFormat]? { report.map { ReportFormat.parseList($0).formats } }
}
