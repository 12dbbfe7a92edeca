import ArgumentParser
import DSBenchSuite

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of the suite format (for editors)."))

    func run() throws {
        Console.out(SuiteSchema.text)
    }
}
