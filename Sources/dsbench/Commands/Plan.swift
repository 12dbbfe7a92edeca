import ArgumentParser
import DSBenchSuite

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(commandName: "plan", abstract: "Print every planned step with node, argv and env."))

    @OptionGroup var suite: SuiteOptions
    @Flag(name: .long, help: "Print the plan as JSON.") var json = false

    func run() throws {
        let (_, plan) = try suite.load()
        // Piece by piece: a pairwise plan of 1,024 nodes is 523,776 steps (docs/performance.md).
        if json { try PlanJSON.write(plan, to: Console.outPiece) } else { PlanText.write(plan, to: Console.outPiece) }
    }
}
