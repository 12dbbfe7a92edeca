import ArgumentParser
import DSBenchCore
import Foundation

struct SetBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Record RUN… as baseline NAME (several runs: their median is the reference).")

    @Argument(help: "Run ids or `latest`.") var runs: [RunReference]
    @Option(name: .long, help: "Baseline name, e.g. h200-nightly.") var name: String
    @Option(name: .long, help: "Why this is the reference (recorded with who and when).") var note: String?
    @Flag(name: .long, help: "Replace a baseline of that name.") var replace = false
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one run") }
        if name.isEmpty || name == "auto" || Int64(name) != nil {
            throw ValidationError("a baseline name must not be empty, `auto` or a number (those mean something else to --baseline)")
        }
    }

    func run() throws {
        let (store, lock) = try storeOptions.openLocked(purpose: "baseline set")
        defer { lock.release() }
        let ids = try runs.map { try $0.resolve(in: store) }
        do {
            try store.createBaseline(name: name, runIDs: ids, note: note,
                                     createdBy: EnvironmentVariable.value("USER"), replace: replace)
        } catch {
            throw CommandFailure(error.kind == .invalidInput ? .usage : .internalError, error.description)
        }
        Console.out("baseline \(name): runs \(ids.map(String.init).joined(separator: ", "))")
    }
}
