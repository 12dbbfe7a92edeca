import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// `nvidia-smi topo -m` on 8×H200 (NV18 all-to-all, no NICs), plus variants built from it.
@Suite struct TopologyParserTests {
    static let gpus = (0..<8).map { "GPU\($0)" }

    @Test func realCapture() throws {
        let raw = try Fixtures.h200("a_topo-m.txt")
        #expect(raw.contains("\u{1B}[4m"))
        let topo = TopologyParser.parse(raw)
        #expect(topo.diagnostics.isEmpty)
        #expect(topo.devices == Self.gpus)
        #expect(topo.rows.map(\.device) == Self.gpus)
        for from in Self.gpus {
            for to in Self.gpus {
                #expect(topo.link(from: from, to: to) == (from == to ? "X" : "NV18"), "\(from)→\(to)")
            }
        }
        #expect(topo.rows.allSatisfy { $0.cpuAffinity == "0-127" && $0.numaAffinity == "0" && $0.gpuNumaID == "N/A" })
        #expect(topo.nicLegend.isEmpty)
    }

    /// The real matrix with a NIC column and row and a `NIC Legend:` block, as recent drivers print.
    static func withNIC() throws -> String {
        let raw = try Fixtures.h200("a_topo-m.txt")
        var lines = raw.components(separatedBy: "\n")
        lines[0] = lines[0].replacingOccurrences(of: "GPU7\tCPU Affinity", with: "GPU7\tNIC0\tCPU Affinity")
        for i in 1...8 {
            let code = i <= 4 ? "PIX" : "SYS"
            lines[i] = lines[i].replacingOccurrences(of: "\t0-127", with: "\t\(code)\t0-127")
        }
        lines.insert("NIC0\tPIX\tPIX\tPIX\tPIX\tSYS\tSYS\tSYS\tSYS\t X ", at: 9)
        return lines.joined(separator: "\n") + "\nNIC Legend:\n\n  NIC0: mlx5_0\n"
    }

    @Test func nicColumnRowAndLegend() throws {
        let topo = TopologyParser.parse(try Self.withNIC())
        #expect(topo.diagnostics.isEmpty)
        #expect(topo.devices == Self.gpus + ["NIC0"])
        #expect(topo.rows.count == 9)
        #expect(topo.link(from: "GPU0", to: "NIC0") == "PIX" && topo.link(from: "GPU7", to: "NIC0") == "SYS")
        #expect(topo.link(from: "NIC0", to: "NIC0") == "X" && topo.link(from: "NIC0", to: "GPU5") == "SYS")
        let nic = topo.rows[8]
        #expect(nic.cpuAffinity == nil && nic.numaAffinity == nil && nic.gpuNumaID == nil)
        #expect(topo.rows[3].cpuAffinity == "0-127" && topo.rows[3].gpuNumaID == "N/A")
        #expect(topo.nicLegend == ["NIC0": "mlx5_0"])
    }

    /// Tabs expanded to 8-column stops, the way a terminal copy looks.
    static func expandTabs(_ text: String) -> String {
        text.components(separatedBy: "\n").map { line in
            var out = ""
            for character in line {
                if character == "\t" {
                    repeat { out.append(" ") } while out.count % 8 != 0
                } else {
                    out.append(character)
                }
            }
            return out
        }.joined(separator: "\n")
    }

    @Test func spacesInsteadOfTabsGiveTheSameMatrix() throws {
        let tabbed = try Self.withNIC()
        let spaced = Self.expandTabs(tabbed.replacingOccurrences(of: "\u{1B}[4m", with: "")
            .replacingOccurrences(of: "\u{1B}[0m", with: ""))
        #expect(!spaced.contains("\t"))
        let reference = TopologyParser.parse(tabbed)
        let topo = TopologyParser.parse(spaced)
        #expect(topo == reference)
    }

    @Test func headerWithoutItsLeadingTab() throws {
        var lines = try Fixtures.h200("a_topo-m.txt").components(separatedBy: "\n")
        lines[0] = String(lines[0].dropFirst())
        let topo = TopologyParser.parse(lines.joined(separator: "\n"))
        #expect(topo.devices == Self.gpus && topo.rows.count == 8)
        #expect(topo.link(from: "GPU2", to: "GPU6") == "NV18")
    }

    @Test func crlfAndShortRows() throws {
        let real = try Fixtures.h200("a_topo-m.txt")
        #expect(TopologyParser.parse(real.replacingOccurrences(of: "\n", with: "\r\n")) == TopologyParser.parse(real))
        let cut = try #require(real.range(of: "GPU5\tNV18\tNV18"))
        let topo = TopologyParser.parse(String(real[..<cut.upperBound]))
        #expect(topo.rows.count == 6)
        #expect(topo.rows[5].cells == ["NV18", "NV18"])
        #expect(topo.diagnostics.map(\.line) == [7])
    }

    @Test func emptyAndRandomInput() {
        let empty = TopologyParser.parse("")
        #expect(empty.rows.isEmpty && empty.diagnostics.map(\.severity) == [.error])
        var random = SmiSplitMix64(seed: 0x7090)
        for _ in 0..<50 {
            let topo = TopologyParser.parse(random.bytes(count: random.below(2000)))
            #expect(topo.rows.allSatisfy { $0.cells.count <= topo.devices.count })
        }
    }
}
