import ArgumentParser
import DSBenchCore
import DSBenchReport
import DSBenchSuite
import Foundation

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the health rules with their severities and thresholds.",
        discussion: "With --suite, the thresholds and expected figures in force for that suite's `health:` block.")

    @Option(name: .long, help: "Show the values a suite's `health:` block sets.") var suite: String?
    @Flag(name: .long, help: "Print as JSON.") var json = false

    func run() throws {
        var settings = HealthSettings()
        if let suite {
            let cwd = FileManager.default.currentDirectoryPath
            guard let path = SuiteLocator.resolve(suite, cwd: cwd) else {
                Console.error("\(suite): no such suite file (looked relative to \(cwd), and in Suites/)")
                throw Exit.usage
            }
            do {
                settings = try SuiteLoader.load(path: path).suite.health
            } catch {
                Console.info(error.description)
                throw Exit.usage
            }
        }
        Console.out(json ? RulesText.json(settings) : RulesText.render(settings))
    }
}
