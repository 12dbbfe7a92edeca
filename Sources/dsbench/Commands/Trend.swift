import ArgumentParser
import DSBenchAnalyze
import DSBenchCore
import DSBenchReport
import DSBenchStore

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "A metric across the completed runs of a suite, with change points marked.",
        discussion: "Change points: binary segmentation with the CUSUM statistic (Fryzlewicz 2014); see docs/regressions.md.")

    @Argument(help: "Suite name (as recorded with the runs).") var suite: String
    @Option(name: .long, help: "Metric (busbw is the only one so far).") var metric = "busbw"
    @Option(name: .long, help: "Size band: latency, mid, bandwidth, all.") var band = "bandwidth"
    @Option(name: .long, help: "One message size in bytes instead of a band.") var size: Int64?
    @Option(name: .long, help: "Only this node.") var node: String?
    @Option(name: .long, help: "Only this collective (all_reduce, …).") var collective: String?
    @Option(name: .long, help: "Only this step name.") var step: String?
    @Option(name: .long, help: "Only the newest N runs.") var last = 10_000
    @Flag(name: .long, help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if metric != "busbw" { throw ValidationError("--metric: only busbw is trended so far") }
        if band != "all" && SizeBand(rawValue: band) == nil {
            throw ValidationError("--band expects latency, mid, bandwidth or all (got '\(band)')")
        }
        if last < 2 { throw ValidationError("--last must be at least 2") }
    }

    func run() throws {
        let store = try storeOptions.open()
        let selection = Trend.Selection(band: SizeBand(rawValue: band), size: size, node: node, collective: collective, step: step)
        let report = try Trend.load(suite: suite, selection: selection, lastRuns: last, store: store)
        Console.out(json ? TrendText.json(report) : TrendText.render(report))
    }
}
