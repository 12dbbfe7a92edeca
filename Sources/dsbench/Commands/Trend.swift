import ArgumentParser
import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchReport
import DSBenchStore

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "trend",
        abstract: "A metric across the completed runs of a suite, with change points marked.",
        discussion: "Change points: binary segmentation with the CUSUM statistic (Fryzlewicz 2014); see docs/regressions.md."))

    @Argument(help: "Suite name (as recorded with the runs).") var suite: String
    @Option(name: .long, help: "busbw, or a workload metric (step_ms, trace.overlap_pct, …: per run, the median of its samples).")
    var metric = BusbwSamples.metric
    @Option(name: .long, help: "Size band: latency, mid, bandwidth, all (busbw only; default bandwidth).") var band: String?
    @Option(name: .long, help: "One message size in bytes instead of a band (busbw only).") var size: Int64?
    @Option(name: .long, help: "Only this node.") var node: String?
    @Option(name: .long, help: "Only this collective (all_reduce, …; busbw only).") var collective: String?
    @Option(name: .long, help: "Only this step name.") var step: String?
    @Option(name: .long, help: "Only the newest N runs.") var last = 10_000
    @Flag(name: .long, help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    var isBusbw: Bool { metric == BusbwSamples.metric }

    func validate() throws {
        if metric.isEmpty { throw ValidationError("--metric needs a name: busbw or a workload metric such as step_ms") }
        if !isBusbw && (band != nil || size != nil || collective != nil) {
            throw ValidationError("--band, --size and --collective select busbw sizes; \(metric) is a workload metric")
        }
        if let band, band != "all" && SizeBand(rawValue: band) == nil {
            throw ValidationError("--band expects latency, mid, bandwidth or all (got '\(band)')")
        }
        if last < 2 { throw ValidationError("--last must be at least 2") }
    }

    func run() throws {
        let store = try storeOptions.openReadOnly()
        let report: TrendReport
        if isBusbw {
            let selection = Trend.Selection(band: SizeBand(rawValue: band ?? SizeBand.bandwidth.rawValue), size: size,
                                            node: node, collective: collective, step: step)
            report = try Trend.load(suite: suite, selection: selection, lastRuns: last, store: store)
        } else {
            report = try Trend.loadMetric(suite: suite, selection: .init(metric: metric, node: node, step: step),
                                          lastRuns: last, store: store)
        }
        Console.out(json ? TrendText.json(report) : TrendText.render(report))
    }
}
