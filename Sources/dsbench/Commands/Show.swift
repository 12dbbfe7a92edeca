import DSBenchCore
import ArgumentParser
import DSBenchReport
import DSBenchStore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(commandName: "show", abstract: "Show a run: steps, key numbers, inventory, problems."))

    @Argument(help: "Run id or `latest`.") var runRef: RunReference = RunReference(argument: "latest")!
    @Flag(name: .long, help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.openReadOnly()
        let view = try store.snapshot {
            let id = try runRef.resolve(in: store)
            let detail = try store.runDetail(id: id)
            let judgement = try Judging.current(runID: id, loaded: detail, store: store)
            return try ShowData.load(runID: id, judgement: judgement, loaded: detail, store: store)
        }
        Console.out(json ? RunJSON.render(view) : RunText.render(view))
    }
}
