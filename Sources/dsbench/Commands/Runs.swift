import ArgumentParser
import DSBenchReport

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(commandName: "runs", abstract: "List runs, newest first."))

    @Option(name: .long, help: "Only runs of this suite.") var suite: String?
    @Option(name: .long, help: "At most this many runs.") var limit = 30
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store = try storeOptions.openReadOnly()
        Console.out(RunsText.render(try store.runs(limit: limit, suite: suite)))
    }
}
