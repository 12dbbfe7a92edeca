import ArgumentParser

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(commandName: "validate", abstract: "Check a suite without running it."))

    @OptionGroup var suite: SuiteOptions

    func run() throws {
        let (loaded, plan) = try suite.load()
        Console.out("\(loaded.file): ok — suite '\(loaded.suite.name)', \(plan.steps.count) planned steps on \(plan.nodes.count) node(s)")
    }
}
