import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// Each parser recognises its format and says when the input is not one: every real 8×H200
/// capture fed to the topology and query-gpu parsers, a repeated query-gpu header, and
/// `nvidia-smi -L` read as NVLink status. Before, `parse topo` made a "topology" of any text
/// (a query-gpu CSV among them) and a repeated header became a GPU named "name".
@Suite struct FormatRecognitionTests {
    static func records(_ kind: ParserKind, _ capture: String) throws -> ParsedRecords {
        Parsers.parse(kind, Array(try Fixtures.data("h200-x8/" + capture)))
    }

    /// Which captures give `kind` any record at all.
    static func accepted(by kind: ParserKind) throws -> [String] {
        try Fixtures.h200Captures().filter { RecordCounting.count(try records(kind, $0)) > 0 }
    }

    @Test func topologyAcceptsOnlyTheTopologyCapture() throws {
        #expect(try Self.accepted(by: .topo) == ["a_topo-m.txt"])
        let csv = try Self.records(.topo, "a_query-gpu_csv.txt")
        #expect(csv.diagnostics.contains {
            $0.severity == .error && $0.message == "not nvidia-smi topo -m output: no header row of device labels (GPU0 GPU1 …)"
        })
    }

    @Test func queryGPUAcceptsOnlyItsCSV() throws {
        #expect(try Self.accepted(by: .queryGPU) == ["a_query-gpu_csv.txt"])
        let topo = try Self.records(.queryGPU, "a_topo-m.txt")
        #expect(topo.diagnostics.map(\.message) == [
            "not nvidia-smi --query-gpu CSV: the first line has no comma-separated values and no field list "
                + "was given for header-less output (--fields)",
        ])
    }

    @Test func repeatedHeaderIsNotAGPU() throws {
        let capture = try Fixtures.h200("a_query-gpu_csv.txt")
        let table = GPUQueryParser.parse(capture + capture)
        #expect(table.records.count == 16)
        #expect(!table.records.contains { $0.string("name") == "name" || $0.string("index") == "index" })
        #expect(table.records.map(\.index) == Array(0..<8) + Array(0..<8))
        #expect(table.diagnostics.contains { $0.severity == .note && $0.message == "repeated header line skipped" && $0.line == 10 })
    }

    @Test func differentHeaderMidFileRenamesTheRowsAfterIt() {
        let table = GPUQueryParser.parse("""
            index, name
            0, NVIDIA H200
            index, uuid
            1, GPU-7d58ef82
            """)
        #expect(table.records.map { $0.string("name") } == ["NVIDIA H200", nil])
        #expect(table.records.last?.string("uuid") == "GPU-7d58ef82")
        #expect(table.fieldNames == ["index", "uuid"])
        #expect(table.diagnostics.contains { $0.severity == .warning && $0.line == 3 })
    }

    @Test func gpuListIsNotNvlinkStatus() throws {
        let records = try Self.records(.nvlink, "a_nvidia-smi-L.txt")
        #expect(records.diagnostics.contains {
            $0.severity == .warning && $0.message.hasPrefix("no 'Link N:' line for any GPU")
        })
        #expect(try Self.records(.nvlink, "a_nvlink-s.txt").diagnostics.isEmpty)
    }

    /// A terminal copy (spaces, no tabs) and old-style NIC names still read as a matrix.
    @Test func realVariantsStillRead() throws {
        let spaced = try Fixtures.h200("a_topo-m.txt").replacingOccurrences(of: "\t", with: "  ")
        #expect(TopologyParser.parse(spaced).rows.count == 8)
        let oldNIC = try Fixtures.h200("a_topo-m.txt")
            .replacingOccurrences(of: "GPU7\tCPU Affinity", with: "GPU7\tmlx5_0\tCPU Affinity")
        #expect(TopologyParser.parse(oldNIC).devices.last == "mlx5_0")
    }
}

/// Records per parse, as ingest counts them (the CLI's "found nothing parseable").
enum RecordCounting {
    static func count(_ records: ParsedRecords) -> Int {
        switch records {
        case .ncclTests(let r): return r.rows.count + r.devices.count + r.errors.count + r.ncclDebugLines.count
        case .dmon(let r): return r.samples.count
        case .queryGPU(let r): return r.records.count
        case .topo(let r): return r.rows.count
        case .nvlink(let r): return r.gpus.count
        case .facts(let f, _): return f.count
        case .workload(let r): return r.series.reduce(0) { $0 + $1.samples.count } + r.failures.count
        case .torchTrace(let r): return r.kernelEvents
        case .gpuHealth(let r): return r.gpus.count
        case .kernelLog(let r): return r.events.count + r.lines
        case .nvbandwidth(let r): return r.testcases.count
        case .ncu(let r): return r.kernels.count
        case .nsysStats(let r): return r.tables.reduce(0) { $0 + $1.rows.count } + r.traceKernels
        }
    }
}
