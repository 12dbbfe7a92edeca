import ArgumentParser
import DSBenchReport
import Foundation

extension CSVTableKind: ExpressibleByArgument {}

struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "One table of a run as CSV (RFC 4180) for spreadsheets.",
        discussion: """
            Tables: nccl (every nccl-tests row), dmon (every nvidia-smi dmon sample, one column per \
            metric), metrics (every workload metric row, per-sample rows too), findings (as stored), \
            checks (the run's verdict, one row per check). Columns: docs/monitoring.md.
            """)

    @OptionGroup var selection: RunSelection
    @Option(name: .long, help: "nccl, dmon, metrics, findings or checks.") var table: CSVTableKind
    @Option(name: [.customShort("o"), .long], help: "File to write (atomically); default stdout.") var output: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open()
        let id = try selection.resolve(in: store)
        let csv: CSVTable
        do {
            csv = try CSVTables.load(table, runID: id, judgement: { try Judging.current(runID: id, store: store) }, store: store)
        } catch {
            throw CommandFailure.internalError("table \(table.rawValue) of run \(id): \(error)")
        }
        let text = CSVText().render(csv)
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do { try ExportFile.writeAtomically(text, to: output) } catch {
            throw CommandFailure.internalError(error.description)
        }
    }
}
