import DSBenchCore
import ArgumentParser
import DSBenchStore
import Foundation

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Name runs as the reference that later runs are compared with.",
        subcommands: [SetBaseline.self, ListBaselines.self, ShowBaseline.self, RemoveBaseline.self])
}

struct SetBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Record RUN… as baseline NAME (several runs: their median is the reference).")

    @Argument(help: "Run ids or `latest`.") var runs: [RunReference]
    @Option(name: .long, help: "Baseline name, e.g. h200-nightly.") var name: String
    @Option(name: .long, help: "Why this is the reference (recorded with who and when).") var note: String?
    @Flag(name: .long, help: "Replace a baseline of that name.") var replace = false
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one run") }
        if name.isEmpty || name == "auto" || Int64(name) != nil {
            throw ValidationError("a baseline name must not be empty, `auto` or a number (those mean something else to --baseline)")
        }
    }

    func run() throws {
        let (store, lock) = try storeOptions.openLocked(purpose: "baseline set")
        defer { lock.release() }
        let ids = try runs.map { try $0.resolve(in: store) }
        do {
            try store.createBaseline(name: name, runIDs: ids, note: note,
                                     createdBy: ProcessInfo.processInfo.environment["USER"], replace: replace)
        } catch {
            Console.error(error.description)
            throw error.kind == .invalidInput ? Exit.usage : Exit.internalError
        }
        Console.out("baseline \(name): runs \(ids.map(String.init).joined(separator: ", "))")
    }
}

struct ListBaselines: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List baselines.")
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let baselines = try storeOptions.openReadOnly().baselines()
        guard !baselines.isEmpty else { Console.out("no baselines; set one with `dsbench baseline set RUN --name NAME`"); return }
        for b in baselines {
            Console.out("\(b.name)  runs \(b.runIDs.map(String.init).joined(separator: ","))  "
                + "\(b.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")  \(b.createdBy ?? "-")"
                + (b.note.map { "  \($0)" } ?? ""))
        }
    }
}

struct ShowBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a baseline and its runs.")
    @Argument(help: "Baseline name.") var name: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.openReadOnly()
        guard let b = try store.baseline(named: name) else {
            Console.error("no baseline named \(name); `dsbench baseline list` lists them")
            throw Exit.usage
        }
        var out = "baseline \(b.name)\n  created \(b.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")"
            + " by \(b.createdBy ?? "-")\n  note: \(b.note ?? "-")\n  runs:\n"
        for id in b.runIDs {
            let run = try store.analysisRun(id: id)
            out += "    \(id)  \(run?.suiteName ?? "?")  \(run?.status.rawValue ?? "?")  "
                + "\(run?.startedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")\n"
        }
        Console.out(out)
    }
}

struct RemoveBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a baseline (its runs stay).")
    @Argument(help: "Baseline name.") var name: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let (store, lock) = try storeOptions.openLocked(purpose: "baseline rm")
        defer { lock.release() }
        guard try store.deleteBaseline(named: name) else {
            Console.error("no baseline named \(name)")
            throw Exit.usage
        }
        Console.out("removed baseline \(name)")
    }
}
