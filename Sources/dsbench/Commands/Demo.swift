import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import Foundation

/// The README's first command. On a node with GPUs it runs `Suites/smoke.yaml`; without them it
/// ingests the bundled real 8×H200 captures into one run and shows it, so a fresh clone shows
/// what dsbench stores and reports without any hardware.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Suites/smoke.yaml on local GPUs, or — with no GPU — ingest the bundled real H200 captures and show them.")

    @Option(name: .long, help: "Folder of bundled captures used when there is no GPU.")
    var captures = "Tests/Fixtures/h200-x8"
    @Flag(name: .long, help: "Ingest the captures even if nvidia-smi is present.") var replay = false
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        if !replay, let smi = ExecutableLookup.find("nvidia-smi") {
            Console.info("dsbench demo: \(smi) found — running Suites/smoke.yaml on this node")
            var options = try SuiteOptions.parse(["Suites/smoke.yaml"])
            options.only = []
            let (loaded, plan) = try options.load()
            let store = try storeOptions.open()
            let outcome = try await RunSession.execute(
                RunRequest(suiteName: loaded.suite.name, suiteText: loaded.storedText, suiteHash: loaded.sha256, plan: plan,
                           judging: RunJudging(judgedBy: "demo")),
                store: store, version: DSBench.version)
            guard let judgement = outcome.judgement else { throw Exit.interrupted }
            Console.out(RunText.render(try ShowData.load(runID: outcome.runID, judgement: judgement, store: store)))
            try Judging.exit(judgement.verdict)
            return
        }
        Console.info("dsbench demo: no nvidia-smi on PATH — ingesting the real 8×H200 captures in \(captures)")
        let files = try DemoCaptures.files(in: captures)
        let store = try storeOptions.open()
        let outcome = try Ingestor(store: store, version: DSBench.version)
            .ingest(files, node: "vm", runID: nil, suiteName: "demo-h200-x8")
        // Judged like any run; the replay exits 0 whatever it says, because the bundled captures
        // include runs degraded on purpose (P2P disabled) to show what the verdict names.
        let judgement = try Judging.judge(runID: outcome.runID, baseline: nil, baselineRequired: false, by: "demo", store: store)
        Console.out(RunText.render(try ShowData.load(runID: outcome.runID, judgement: judgement, store: store)))
        Console.info("stored in \(store.path) as run \(outcome.runID); try `dsbench show \(outcome.runID) --json` or `dsbench runs`")
    }
}

/// Which bundled capture is which kind of log.
enum DemoCaptures {
    static let map: [(prefix: String, kind: ParserKind)] = [
        ("a_query-gpu_csv.txt", .queryGPU), ("a_topo-m.txt", .topo), ("a_nvlink-s.txt", .nvlink),
        ("a_nvidia-smi.txt", .smiSummary), ("a_uname.txt", .uname), ("a_os-release.txt", .osRelease),
        ("b_", .ncclTests), ("c_", .ncclTests), ("e_2gpu", .ncclTests), ("e_p2p_disable.txt", .ncclTests),
        ("e_p2p_disable_INFO.txt", .ncclTests),
        ("f_dmon_pucvmet", .dmon),
    ]

    static func files(in folder: String) throws -> [Ingestor.File] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            Console.error("\(folder): no such folder; run from the repository root or pass --captures DIR")
            throw Exit.usage
        }
        var files: [Ingestor.File] = []
        for (prefix, kind) in map {
            for name in names.sorted() where name.hasPrefix(prefix) && name.hasSuffix(".txt") {
                let path = folder + "/" + name
                files.append(Ingestor.File(kind: kind, path: path, bytes: try ReadInput.bytes(path)))
            }
        }
        return files
    }
}

enum ExecutableLookup {
    static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for dir in (path ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
