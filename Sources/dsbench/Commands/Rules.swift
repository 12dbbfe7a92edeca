import ArgumentParser
import DSBenchCore
import DSBenchReport
import DSBenchSuite
import Foundation

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "rules",
        abstract: "List the health rules with their severities, classes (what fails the verdict) and thresholds, and the expected busbw figures.",
        discussion: "The figures come from the catalogue built into dsbench (Catalog/expected-busbw.json), each with its "
            + "source. With --suite, the thresholds, figures and verdict classes in force for that suite's `health:` and "
            + "`verdict:` blocks: its expected_busbw entries come first and replace catalogue entries for the same hardware."))

    @Option(name: .long, help: "Show the values a suite's `health:` and `verdict:` blocks set.") var suite: String?
    @Flag(name: .long, help: "Print as JSON.") var json = false

    func run() throws {
        var settings = HealthSettings()
        var verdict = VerdictPolicy()
        if let suite {
            let cwd = FileManager.default.currentDirectoryPath
            guard let path = SuiteLocator.resolve(suite, cwd: cwd) else {
                throw CommandFailure.usage("\(suite): no such suite file (looked relative to \(cwd), and in Suites/)")
            }
            do {
                let loaded = try SuiteLoader.load(path: path).suite
                settings = loaded.health
                verdict = loaded.verdict
            } catch {
                throw CommandFailure(.usage, error.description, style: .diagnostic)
            }
        }
        Console.out(json ? RulesText.json(settings, verdict: verdict) : RulesText.render(settings, verdict: verdict))
    }
}
