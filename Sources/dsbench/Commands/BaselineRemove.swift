import ArgumentParser

struct RemoveBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a baseline (its runs stay).")
    @Argument(help: "Baseline name.") var name: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let (store, lock) = try storeOptions.openLocked(purpose: "baseline rm")
        defer { lock.release() }
        guard try store.deleteBaseline(named: name) else {
            throw CommandFailure.usage("no baseline named \(name)")
        }
        Console.out("removed baseline \(name)")
    }
}
