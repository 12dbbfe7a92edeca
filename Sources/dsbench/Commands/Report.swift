import DSBenchCore
import ArgumentParser
import DSBenchEngine
import DSBenchReport
import DSBenchVerdict
import DSBenchStore
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's report: Markdown, self-contained HTML with charts, JSON.",
        discussion: """
            Writes index.html, report.md and report.json (as chosen with --format) into \
            reports/<suite>-<run>/ unless -o says otherwise, and prints the paths. With --baseline (the \
            references `compare --baseline` takes), each size's busbw is compared with the median of the \
            baseline runs at that size; nothing is written to the database.
            """))

    @Argument(help: "Run id or `latest`.") var runRef: RunReference = RunReference(argument: "latest")!
    @Option(name: .long, help: "Baseline name, a run id (or ids separated by commas: their per-size median), or `auto` (the last good runs of the suite), as `compare --baseline` takes.")
    var baseline: String?
    @Option(name: .long, help: "Formats, comma-separated: html, md, json.") var format = "html,md,json"
    @Option(name: [.customShort("o"), .long], help: "Output folder (default reports/<suite>-<run>/).") var output: String?
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        let (formats, unknown) = ReportFormat.parseList(format)
        if let unknown { throw ValidationError("unknown report format '\(unknown)' (html, md, json)") }
        if formats.isEmpty { throw ValidationError("--format names no format (html, md, json)") }
        if let baseline, baseline.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--baseline expects a baseline name, run ids separated by commas, or auto")
        }
    }

    func run() throws {
        let store = try storeOptions.openReadOnly()
        let formats = ReportFormat.parseList(format).formats
        // One read transaction for all the report reads (`Store.snapshot`): a run stored meanwhile
        // is in every section of it or in none.
        let paths = try store.snapshot {
            let id = try runRef.resolve(in: store)
            // Without --baseline the report renders the run's stored verdict; with it, a verdict against
            // that baseline made now (nothing is written to the database). The reference is resolved
            // where `compare` resolves it, so both take the same names, ids and `auto`.
            let judgement: Judgement
            if let baseline {
                do {
                    judgement = try RunJudgement.judge(runID: id, baseline: baseline.trimmingCharacters(in: .whitespaces),
                                                       baselineRequired: true, judgedBy: "report --baseline", record: false,
                                                       store: store)
                } catch let missing as RunJudgement.BaselineMissing {
                    throw CommandFailure(missing)
                }
            } else {
                judgement = try Judging.current(runID: id, store: store)
            }
            return try ReportGeneration.write(runID: id, judgement: judgement, store: store, formats: formats, output: output)
        }
        for path in paths { Console.out(path) }
    }
}
