import ArgumentParser
import DSBenchPush

/// `--push URL [--push-timeout S]`, shared by `export prometheus` and `check`.
struct PushOptions: ParsableArguments {
    @Option(name: .long, help: "Pushgateway URL (http://pushgw:9091): PUT the metrics to /metrics/job/dsbench/instance/<host>/suite/<suite>.")
    var push: String?
    @Option(name: .customLong("push-timeout"), help: "Seconds to wait for the Pushgateway.") var pushTimeout: Double = 10

    func validate() throws {
        if let push, case .failure(let failure) = Pushgateway.parseBase(push) { throw ValidationError(failure.description) }
        if pushTimeout <= 0 { throw ValidationError("--push-timeout must be more than 0 seconds") }
    }
}
