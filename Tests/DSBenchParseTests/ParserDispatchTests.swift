import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// `Parsers.parse(kind, bytes)` sends each artifact kind to its parser (nccl kinds: other branch).
@Suite struct ParserDispatchTests {
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Fixtures.data("h200-x8/" + name)) }

    @Test func dmonKind() throws {
        let bytes = try Self.bytes("f_dmon_pucvmet_during_allreduce.txt")
        guard case .dmon(let dmon) = Parsers.parse(.dmon, bytes) else { Issue.record("not dmon"); return }
        #expect(dmon == DmonParser.parse(bytes))
        #expect(dmon.samples.count == 184)
        #expect(Parsers.parse(.dmon, bytes).diagnostics.map(\.line) == [195])
    }

    @Test func queryGPUKind() throws {
        guard case .queryGPU(let table) = Parsers.parse(.queryGPU, try Self.bytes("a_query-gpu_csv.txt")) else {
            Issue.record("not query-gpu"); return
        }
        #expect(table.records.count == 8 && table.records[5].string("pci.bus_id") == "00000000:00:0B.0")
    }

    @Test func topoKind() throws {
        guard case .topo(let topo) = Parsers.parse(.topo, try Self.bytes("a_topo-m.txt")) else {
            Issue.record("not topo"); return
        }
        #expect(topo.rows.count == 8 && topo.link(from: "GPU3", to: "GPU4") == "NV18")
    }

    @Test func nvlinkKind() throws {
        guard case .nvlink(let status) = Parsers.parse(.nvlink, try Self.bytes("a_nvlink-s.txt")) else {
            Issue.record("not nvlink"); return
        }
        #expect(status.gpus.reduce(0) { $0 + $1.links.count } == 144)
    }

    @Test func factKinds() throws {
        let cases: [(ParserKind, String, [String: String])] = [
            (.smiSummary, "a_nvidia-smi.txt", ["driver_version": "580.159.04", "cuda_version": "13.0"]),
            (.uname, "a_uname.txt", ["kernel": "6.18.44-fc-v657-gpu"]),
            (.osRelease, "a_os-release.txt", ["os": "Ubuntu 24.04.3 LTS"]),
        ]
        for (kind, file, expected) in cases {
            #expect(Parsers.parse(kind, try Self.bytes(file)) == .facts(expected, diagnostics: []), "\(kind)")
        }
    }

    @Test func invalidUTF8IsDecodedNotRejected() throws {
        var bytes = try Self.bytes("a_nvlink-s.txt")
        bytes.insert(contentsOf: [0xFF, 0xFE, 0xC3, 0x0A], at: 0)
        guard case .nvlink(let status) = Parsers.parse(.nvlink, bytes) else { Issue.record("not nvlink"); return }
        #expect(status.gpus.count == 8 && status.gpus[0].links.count == 18)
        #expect(status.diagnostics.map(\.line) == [1])
    }
}
