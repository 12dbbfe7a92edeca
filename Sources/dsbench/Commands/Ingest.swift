import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchParse
import Foundation

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "ingest",
        abstract: "Import logs produced outside dsbench into a new run (or --run RUN).",
        discussion: "Raw bytes are stored before parsing. Prints the run id as the last line of stdout."))

    @Argument(help: "What the files hold: \(ParserKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: ParserKind
    @Argument(help: "Log files.") var files: [String]
    @Option(name: .long, help: "Node the logs came from.") var node = "local"
    @Option(name: .customLong("run"), help: "Add to this run instead of creating one.") var intoRun: RunReference?
    @Option(name: .long, help: "Suite name recorded for a new run (baselines match on it).") var suite = "ingest"
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var parseLimits: ParseLimitOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to ingest") }
    }

    func run() throws {
        let limits = try parseLimits.limits()
        // Every file is read (and a too-large one refused) before anything is stored.
        let inputs = try files.map { path in
            // A large nccl-tests capture is read in place.
            let mapFrom = kind == .ncclTests ? Ingestor.streamingBytes : nil
            do {
                switch try ReadInput.input(path, limit: limits.maxArtifactBytes, mappingFrom: mapFrom) {
                case .mapped(let mapped): return Ingestor.File(kind: kind, path: path, mapped: mapped)
                case .bytes(let bytes): return Ingestor.File(kind: kind, path: path, bytes: bytes)
                }
            } catch let refusal as ParseRefusal {
                throw CommandFailure.unparseable("\(path): \(refusal); nothing was ingested")
            }
        }
        // Adding steps to an existing run changes what a running run (or its judgement) reads; a
        // new run is a new row, which SQLite serializes with the running one.
        // One connection: the health pass reads only what this command wrote, after it.
        let (store, lock) = intoRun == nil ? (try storeOptions.open(connections: .single), nil)
            : try storeOptions.openLocked(purpose: "ingest --run", connections: .single)
        defer { lock?.release() }
        let runID = try intoRun?.resolve(in: store)
        let outcome = try Ingestor(store: store, version: DSBench.version, limits: limits)
            .ingest(inputs, node: node, runID: runID, suiteName: suite)
        for file in outcome.files {
            for d in file.diagnostics where d.severity != .note { Console.info(d.formatted(source: file.name)) }
        }
        for path in outcome.unparseable { Console.error("\(path): no \(kind.rawValue) records found (raw bytes stored)") }
        for finding in outcome.findings where finding.severity != .info {
            Console.info("\(finding.severity.rawValue): \(finding.rule): \(finding.message)")
        }
        Console.out(String(outcome.runID))
        if outcome.unparseable.count == files.count { throw CommandFailure(.unparseable) }
    }
}
