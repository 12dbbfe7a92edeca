import DSBenchCore
import DSBenchEngine
import DSBenchParse
import DSBenchStore
import Foundation

// Large captures (issue 12: 200 MB parsed with 17–23× their size in memory, and `ingest
// query-gpu` of 200 MB did not finish in 300 s): time and peak memory of parsing and of a whole
// `dsbench ingest` (store raw, parse, write rows, health rules) at doubling sizes, so the table
// shows whether each grows linearly. Each measurement runs in a child process of its own, so
// that its peak resident size (getrusage ru_maxrss) is its own.
//
//   swift run -c release large-capture-bench [--sizes 50,100,200] [--kinds query-gpu,dmon,nccl-tests]
//                                            [--phases parse,ingest] [--fixtures DIR]
//   swift run -c release large-capture-bench --pathological     (every parser, one line of 256 KiB … 4 MiB)

struct Measurement: Codable {
    var kind: String
    var phase: String
    var megabytes: Int
    var inputBytes: Int
    var records: Int
    var seconds: Double
    var peakBytes: Int
    /// Peak before the input was built: the runtime, libraries and the database code.
    var baseBytes: Int
}

enum Input {
    /// Real 8×H200 captures, repeated to `bytes`: the query-gpu rows under one header, the dmon
    /// capture without its cut last line, the nccl-tests sweep whole.
    static func make(_ kind: ParserKind, bytes: Int, fixtures: URL) throws -> [UInt8] {
        func file(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: fixtures.appendingPathComponent(name))) }
        var head: [UInt8] = [], body: [UInt8]
        switch kind {
        case .queryGPU:
            let lines = try file("a_query-gpu_csv.txt").split(separator: 0x0A, omittingEmptySubsequences: false)
            head = Array(lines[0]) + [0x0A]
            body = Array(lines.dropFirst().filter { !$0.isEmpty }.joined(separator: [0x0A])) + [0x0A]
        case .dmon:
            var lines = try file("f_dmon_pucvmet_during_allreduce.txt").split(separator: 0x0A, omittingEmptySubsequences: false)
            lines.removeLast(2)
            body = Array(lines.joined(separator: [0x0A])) + [0x0A]
        default:
            body = try file("b_all_reduce_8-8G_r1.txt")
        }
        var out = head
        out.reserveCapacity(bytes + body.count)
        while out.count < bytes { out += body }
        return out
    }
}

func peakBytes() -> Int {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
}

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func child(kind: ParserKind, phase: String, megabytes: Int, fixtures: URL) throws -> Measurement {
    let base = peakBytes()
    let input = try Input.make(kind, bytes: megabytes * 1_000_000, fixtures: fixtures)
    let started = now()
    var records = 0
    if phase == "parse" {
        records = RecordCount.of(Parsers.parse(kind, input))
    } else {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("large-capture-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("bench.db").path)
        let outcome = try Ingestor(store: store, version: "bench")
            .ingest([Ingestor.File(kind: kind, path: "capture", bytes: input)], node: "vm", runID: nil)
        records = outcome.files.first?.rows ?? 0
        try store.close()
    }
    return Measurement(kind: kind.rawValue, phase: phase, megabytes: megabytes, inputBytes: input.count,
                       records: records, seconds: now() - started, peakBytes: peakBytes(), baseBytes: base)
}

func run(_ arguments: [String]) throws {
    var sizes = [50, 100, 200], kinds: [ParserKind] = [.queryGPU], phases = ["parse", "ingest"]
    var fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/h200-x8")
    var index = 0
    func value() -> String { index += 1; return index < arguments.count ? arguments[index] : "" }
    while index < arguments.count {
        switch arguments[index] {
        case "--sizes": sizes = value().split(separator: ",").compactMap { Int($0) }.sorted()
        case "--kinds": kinds = value().split(separator: ",").compactMap { ParserKind(rawValue: String($0)) }
        case "--phases": phases = value().split(separator: ",").map(String.init)
        case "--fixtures": fixtures = URL(fileURLWithPath: value())
        case "--pathological":
            try Pathological.run(fixtures: fixtures)
            return
        case "--child":
            let kind = ParserKind(rawValue: value())!, phase = value(), megabytes = Int(value())!
            let measured = try child(kind: kind, phase: phase, megabytes: megabytes, fixtures: fixtures)
            print(String(decoding: try JSONEncoder().encode(measured), as: UTF8.self))
            return
        default: FileHandle.standardError.write(Data("unknown argument \(arguments[index])\n".utf8)); exit(2)
        }
        index += 1
    }
    // × per doubling: time ratio to the previous size, scaled to a doubling of the input (2.00
    // is linear, 4.00 quadratic). Peak ÷ input counts the input itself (1×) and not the base.
    print("| capture | phase | input | records | time | MB/s | × per doubling | peak RSS | (peak − base) ÷ input |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in kinds {
        for phase in phases {
            var previous: Measurement?
            for megabytes in sizes {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
                process.arguments = ["--fixtures", fixtures.path, "--child", kind.rawValue, phase, String(megabytes)]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                guard process.terminationStatus == 0,
                      let m = try? JSONDecoder().decode(Measurement.self, from: output) else {
                    print("| \(kind.rawValue) | \(phase) | \(megabytes) MB | child exited \(process.terminationStatus) | | | | | |")
                    continue
                }
                let growth = previous.map { p -> String in
                    let ratio = (m.seconds / p.seconds) / (Double(m.inputBytes) / Double(p.inputBytes)) * 2
                    return String(format: "%.2f", ratio)
                } ?? "-"
                print(String(format: "| %@ | %@ | %.0f MB | %@ | %.2f s | %.1f | %@ | %.0f MB | %.1f× |",
                             kind.rawValue, phase, Double(m.inputBytes) / 1e6, String(m.records), m.seconds,
                             Double(m.inputBytes) / 1e6 / m.seconds, growth, Double(m.peakBytes) / 1e6,
                             Double(m.peakBytes - m.baseBytes) / Double(m.inputBytes)))
                previous = m
            }
        }
    }
}

do { try run(Array(CommandLine.arguments.dropFirst())) } catch {
    FileHandle.standardError.write(Data("large-capture-bench: \(error)\n".utf8))
    exit(1)
}
