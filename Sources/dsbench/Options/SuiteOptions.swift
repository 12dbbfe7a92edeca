import ArgumentParser
import DSBenchCore
import DSBenchSuite
import Foundation

/// Loads, validates and plans a suite; every problem is printed as `file:line:col: …` and ends
/// the command with exit 64 before anything runs.
struct SuiteOptions: ParsableArguments {
    @Argument(help: "Suite file (e.g. Suites/smoke.yaml; `suites/smoke.yaml` and `smoke` also resolve).")
    var suite: String

    @Option(name: .long, help: "Run each step this many times (overrides `repeat:`).")
    var `repeat`: Int?

    @Option(name: .long, parsing: .upToNextOption, help: "Only these steps (by name).")
    var only: [String] = []

    @Option(name: .long, help: "Run on these nodes instead of the suite's (Slurm hostlist, e.g. gpu-[001-016]); repeatable.")
    var nodes: [String] = []

    @Option(name: .long, help: "Leave these nodes out (hostlist); repeatable.")
    var exclude: [String] = []

    func validate() throws {
        if let r = self.repeat, r < 1 { throw ValidationError("--repeat must be at least 1 (got \(r))") }
    }

    /// What the command line changes about the plan.
    var overrides: PlanOverrides {
        PlanOverrides(repeatCount: self.repeat, only: only.isEmpty ? nil : only, nodes: nodes.isEmpty ? nil : nodes,
                      exclude: exclude)
    }

    /// `adjust` changes the command line's overrides before planning (`bisect` plans its stages so).
    func load(_ adjust: (inout PlanOverrides) -> Void = { _ in }) throws -> (LoadedSuite, DSBenchCore.Plan) {
        let cwd = FileManager.default.currentDirectoryPath
        guard let path = SuiteLocator.resolve(suite, cwd: cwd) else {
            let given = suite.hasPrefix("/") ? suite : (cwd as NSString).appendingPathComponent(suite)
            if SuiteLoader.notRegular(given) == "a directory" {
                let yaml = ((try? FileManager.default.contentsOfDirectory(atPath: given)) ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                throw CommandFailure.usage("\(suite): is a directory, not a suite file; name a YAML file"
                    + (yaml.isEmpty ? "" : " in it (\(yaml.prefix(8).joined(separator: ", "))\(yaml.count > 8 ? ", …" : ""))"))
            }
            throw CommandFailure.usage("\(suite): no such suite file (looked relative to \(cwd), and in Suites/); list them with `ls Suites`")
        }
        let loaded: LoadedSuite
        do {
            loaded = try SuiteLoader.load(path: path)
        } catch {
            throw CommandFailure(.usage, error.description, style: .diagnostic)
        }
        do {
            var overrides = overrides
            adjust(&overrides)
            let plan = try Planner.plan(loaded.suite, overrides: overrides)
            return (loaded, plan)
        } catch {
            throw CommandFailure(.usage, "\(path): \(error)", style: .diagnostic)
        }
    }
}

extension SuiteOptions {
    /// A run needs every `from_env` variable set in dsbench's environment before it starts.
    func requireFromEnv(_ plan: DSBenchCore.Plan) throws {
        let missing = plan.missingFromEnv(in: ProcessInfo.processInfo.environment)
        guard !missing.isEmpty else { return }
        throw CommandFailure.usage("\(suite): env values come from_env \(missing.joined(separator: ", ")), which "
            + "\(missing.count == 1 ? "is" : "are") not set in dsbench's environment; export \(missing.count == 1 ? "it" : "them") "
            + "before the run (nothing was run)")
    }
}
