import ArgumentParser
import Foundation

struct ShowBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a baseline and its runs.")
    @Argument(help: "Baseline name.") var name: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.openReadOnly()
        guard let b = try store.baseline(named: name) else {
            throw CommandFailure.usage("no baseline named \(name); `dsbench baseline list` lists them")
        }
        var out = "baseline \(b.name)\n  created \(b.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")"
            + " by \(b.createdBy ?? "-")\n  note: \(b.note ?? "-")\n  runs:\n"
        for id in b.runIDs {
            let run = try store.analysisRun(id: id)
            out += "    \(id)  \(run?.suiteName ?? "?")  \(run?.status.rawValue ?? "?")  "
                + "\(run?.startedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")\n"
        }
        Console.out(out)
    }
}
