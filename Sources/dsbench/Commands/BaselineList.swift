import ArgumentParser
import Foundation

struct ListBaselines: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List baselines.")
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let baselines = try storeOptions.openReadOnly().baselines()
        guard !baselines.isEmpty else { Console.out("no baselines; set one with `dsbench baseline set RUN --name NAME`"); return }
        for b in baselines {
            Console.out("\(b.name)  runs \(b.runIDs.map(String.init).joined(separator: ","))  "
                + "\(b.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")  \(b.createdBy ?? "-")"
                + (b.note.map { "  \($0)" } ?? ""))
        }
    }
}
