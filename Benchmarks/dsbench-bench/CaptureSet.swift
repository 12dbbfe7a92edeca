import DSBenchCore
import Foundation

/// The real 8×H200 captures the benchmarks are built from (Tests/Fixtures/h200-x8).
struct CaptureSet {
    let directory: URL

    /// `--fixtures DIR`, else the directory next to these sources, else one under the current directory.
    static func locate(_ given: URL?) throws -> CaptureSet {
        let relative = "Tests/Fixtures/h200-x8"
        let candidates = given.map { [$0] } ?? [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(relative),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relative),
        ]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate
            .appendingPathComponent(dmonCapture).path) {
            return CaptureSet(directory: candidate)
        }
        throw BenchError("no capture directory with \(dmonCapture) found (tried "
            + candidates.map(\.path).joined(separator: ", ") + "); pass --fixtures DIR")
    }

    static let dmonCapture = "f_dmon_pucvmet_during_allreduce.txt"

    /// nccl-tests text captures: the b_ sweeps, c_ collectives, d_ with NCCL INFO lines, e_ transport
    /// variants (one killed by timeout), g_ mpirun-tagged output.
    func ncclTestsCaptures() throws -> [String] {
        try names().filter { name in ["b_", "c_", "d_", "e_", "g_"].contains { name.hasPrefix($0) } }
    }

    /// Every capture that a dsbench parser reads, with its parser, for the end-to-end ingest.
    func parsedCaptures() throws -> [(name: String, kind: ParserKind)] {
        try names().compactMap { name in Self.parser(for: name).map { (name, $0) } }
    }

    /// How `dsbench ingest` would be told to read each capture; nil for those no parser reads
    /// (help texts, `nvidia-smi -L`/`-q -x`, the torchrun log, noheader CSV needing column names).
    static func parser(for name: String) -> ParserKind? {
        switch name {
        case "a_nvidia-smi.txt": return .smiSummary
        case "a_query-gpu_csv.txt": return .queryGPU
        case "a_topo-m.txt": return .topo
        case "a_nvlink-s.txt": return .nvlink
        case "a_uname.txt": return .uname
        case "a_os-release.txt": return .osRelease
        case "f_dmon_pucvmet_during_allreduce.txt", "f_dmon_format_csv_c3.txt": return .dmon
        case "f_all_reduce_under_dmon.txt": return .ncclTests
        default:
            return ["b_", "c_", "d_", "e_", "g_", "i_"].contains { name.hasPrefix($0) } ? .ncclTests : nil
        }
    }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    private func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }.sorted()
    }

    /// The nccl-tests captures concatenated (each ending in a line break), then repeated until
    /// the log holds at least `target` bytes. Returns the log and the size of one pass.
    func ncclTestsLog(atLeast target: Int) throws -> (log: [UInt8], pass: [UInt8], files: Int) {
        var pass: [UInt8] = []
        let files = try ncclTestsCaptures()
        for name in files {
            pass += try bytes(name)
            if pass.last != 0x0A { pass.append(0x0A) }
        }
        return (Self.repeated(pass, atLeast: target), pass, files.count)
    }

    /// The dmon capture without its last line (cut when dmon was killed), repeated until the log
    /// holds at least `target` bytes; each copy starts with dmon's header lines, as a reprinted
    /// header would.
    func dmonLog(atLeast target: Int) throws -> (log: [UInt8], pass: [UInt8]) {
        let raw = try bytes(Self.dmonCapture)
        guard let lastBreak = raw.lastIndex(of: 0x0A) else { throw BenchError("\(Self.dmonCapture) has no line break") }
        let pass = Array(raw[...lastBreak])
        return (Self.repeated(pass, atLeast: target), pass)
    }

    private static func repeated(_ pass: [UInt8], atLeast target: Int) -> [UInt8] {
        guard !pass.isEmpty else { return [] }
        var log: [UInt8] = []
        log.reserveCapacity(target + pass.count)
        while log.count < target { log += pass }
        return log
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
