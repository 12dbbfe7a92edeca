import Foundation

/// Command line of `dsbench-bench`. Hand-parsed: the benchmark must not depend on the CLI stack.
struct BenchOptions {
    /// Smaller inputs (8 MiB logs, 100 k rows) for a smoke run; the numbers are not the reference ones.
    var quick = false
    /// JSON on stdout instead of the table.
    var json = false
    /// The 8×H200 captures; found next to the sources when not given.
    var fixtures: URL?
    var repetitions = 5
    /// Benchmark ids to run (`--only parse,ingest.dmon_samples`: an id or an id prefix); empty runs all.
    var only: [String] = []

    static let usage = """
        usage: dsbench-bench [--quick] [--json] [--fixtures DIR] [--repetitions N] [--only IDS]
          --quick          small inputs (8 MiB logs, 100k rows) for a smoke run
          --json           print the results as JSON instead of a table
          --fixtures DIR   directory of the real captures (default: Tests/Fixtures/h200-x8)
          --repetitions N  timed repetitions per benchmark (default 5, at least 5 for reported numbers)
          --only IDS       comma-separated benchmark ids or prefixes: parse.nccl-tests, parse.dmon,
                           ingest.nccl_results, ingest.dmon_samples, e2e.ingest (e.g. --only parse)
        """

    /// A usage error when the arguments are not understood.
    static func parse(_ arguments: [String]) -> Result<BenchOptions, UsageError> {
        var options = BenchOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--quick": options.quick = true
            case "--json": options.json = true
            case "--fixtures", "--repetitions", "--only":
                guard index < arguments.count else { return .failure(UsageError("\(argument) needs a value")) }
                let value = arguments[index]
                index += 1
                if argument == "--fixtures" {
                    options.fixtures = URL(fileURLWithPath: value)
                } else if argument == "--only" {
                    options.only = value.split(separator: ",").map(String.init)
                } else {
                    guard let n = Int(value), n >= 1 else {
                        return .failure(UsageError("--repetitions needs a positive integer, not '\(value)'"))
                    }
                    options.repetitions = n
                }
            case "-h", "--help": return .failure(UsageError(nil))
            default: return .failure(UsageError("unknown argument '\(argument)'"))
            }
        }
        return .success(options)
    }

    func selects(_ id: String) -> Bool { only.isEmpty || only.contains { id.hasPrefix($0) } }

    /// Bytes of each synthetic parse input.
    var logBytes: Int { quick ? 8 << 20 : 64 << 20 }
    /// Rows per table for the SQLite ingest benchmark.
    var ingestRows: Int { quick ? 100_000 : 1_000_000 }
    /// Passes over the real capture set per end-to-end repetition.
    var endToEndPasses: Int { quick ? 2 : 10 }
}

struct UsageError: Error {
    /// nil for `--help`.
    var message: String?
    init(_ message: String?) { self.message = message }
}
