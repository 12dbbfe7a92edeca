import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchEngine
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// A node inventoried before and after a suite (the quarterly one does) lists each GPU twice:
/// counted by identity it has its GPUs once, and what changed between the two is said and judged.
@Suite struct InventoryHistoryTests {
    /// The real 1×H200 `--query-gpu` capture, and the same with its link trained down to x8.
    static let before = (try? Fixtures.text("h200-x1/query-gpu.txt")) ?? ""
    static var after: String { before.replacingOccurrences(of: ", 5, 5, 16, 16,", with: ", 5, 5, 8, 16,") }

    /// One run with an inventory step per text, in order, on node `vm`.
    static func run(_ inventories: [(name: String, text: String)]) throws -> (Store, Int64) {
        let store = try Store.openInMemory()
        let files = inventories.map { Ingestor.File(kind: .queryGPU, path: $0.name, bytes: Array($0.text.utf8), stepName: $0.name) }
        let runID = try Ingestor(store: store, version: "test").ingest(files, node: "vm", runID: nil).runID
        return (store, runID)
    }

    static func nodes(_ store: Store, _ runID: Int64) throws -> [NodeInventory] {
        let steps = try #require(try store.runDetail(id: runID)).steps.map { ($0.id, $0.key) }
        return InventoryHistory.nodes(try store.inventoryGPUs(runID: runID), steps: steps)
    }

    @Test func twoIdenticalInventoriesCountEachGPUOnce() throws {
        #expect(Self.before.contains(", 5, 5, 16, 16,"))
        let (store, runID) = try Self.run([("inventory", Self.before), ("inventory_after", Self.before)])
        #expect(try store.inventoryGPUs(runID: runID).count == 2, "stored twice, as inventoried")
        let nodes = try Self.nodes(store, runID)
        #expect(nodes.map(\.gpuCount) == [1])
        #expect(nodes.first?.models == [NodeInventory.ModelCount(name: "NVIDIA H200", count: 1)])
        #expect(nodes.first?.inventories == ["inventory#0@vm", "inventory_after#0@vm"])
        #expect(nodes.first?.changes == [])
        let input = try HealthInputLoader.load(runID: runID, store: store)
        #expect(input.inventoryChanges == [])
        #expect(HealthFixtures.findings(input, rule: "inventory.changed") == [])
    }

    @Test func aLinkThatTrainedDownBetweenInventoriesIsSaidAndJudged() throws {
        let (store, runID) = try Self.run([("inventory", Self.before), ("inventory_after", Self.after)])
        let node = try #require(try Self.nodes(store, runID).first)
        #expect(node.gpuCount == 1)
        #expect(node.changes.map(\.text)
                == ["GPU 0 (00000000:00:06.0): PCIe width x16 → x8 from inventory#0@vm to inventory_after#0@vm"])
        #expect(node.changes.first?.linkNarrowed == true)

        let findings = HealthFixtures.findings(try HealthInputLoader.load(runID: runID, store: store), rule: "inventory.changed")
        #expect(findings.map(\.message)
                == ["GPU 0 (00000000:00:06.0) on vm runs its PCIe link at x8 in inventory_after#0@vm, x16 in inventory#0@vm"])
        #expect(findings.first?.step == "inventory_after#0@vm" && findings.first?.gpu == 0)
        #expect(RuleClasses.of("inventory.changed") == .degraded)
        // The link below its maximum is also the PCIe rule's, which now names the inventory it saw.
        let pcie = HealthFixtures.findings(try HealthInputLoader.load(runID: runID, store: store), rule: "pcie.link_degraded")
        #expect(pcie.map(\.step) == ["inventory_after#0@vm"])
    }

    @Test func aGPUGoneFromTheLaterInventoryIsJudgedAndIdleGenerationIsNot() throws {
        let eight = try Fixtures.h200("a_query-gpu_csv.txt")
        let lines = eight.split(separator: "\n", omittingEmptySubsequences: false)
        // GPU 5 gone (fallen off the bus), and GPU 1's link idling at gen1 (normal: links train down when idle).
        let later = lines.filter { !$0.hasPrefix("5, ") }.map { line in
            line.hasPrefix("1, ") ? line.replacingOccurrences(of: ", 5, 5, 16, 16,", with: ", 1, 5, 16, 16,") : String(line)
        }.joined(separator: "\n")
        let (store, runID) = try Self.run([("inventory", eight), ("inventory_after", later)])
        let node = try #require(try Self.nodes(store, runID).first)
        #expect(node.gpuCount == 8, "the GPU listed once still counts")
        #expect(node.changes.map(\.kind) == [.missing])
        #expect(node.changes.first?.text.hasPrefix("GPU 5 (00000000:00:0B.0): listed by inventory#0@vm, missing from") == true,
                "\(node.changes)")
        let findings = HealthFixtures.findings(try HealthInputLoader.load(runID: runID, store: store), rule: "inventory.changed")
        #expect(findings.map(\.gpu) == [5])
    }

    /// Without UUIDs the bus id tells GPUs apart, whatever index nvidia-smi gave them: the later
    /// inventory lists the GPUs at buses 06.0–09.0 under indices 4–7, so those at 0A.0–0D.0 are gone.
    @Test func identityFallsBackToTheBusID() throws {
        let lines = try Fixtures.h200("a_query-gpu_csv.txt").split(separator: "\n").map { $0.components(separatedBy: ", ") }
        #expect(lines[0][2] == "uuid")
        let withoutUUID = lines.map { fields in fields.enumerated().filter { $0.offset != 2 }.map(\.element) }
        let text = { (rows: [[String]]) in rows.map { $0.joined(separator: ", ") }.joined(separator: "\n") + "\n" }
        let reindexed = [withoutUUID[0]] + withoutUUID[1...4].map { fields in [String(Int(fields[0])! + 4)] + fields.dropFirst() }
        let (store, runID) = try Self.run([("inventory", text(withoutUUID)), ("inventory_after", text(reindexed))])
        #expect(try store.inventoryGPUs(runID: runID).allSatisfy { $0.uuid == nil })
        let node = try #require(try Self.nodes(store, runID).first)
        #expect(node.gpuCount == 8)
        #expect(node.changes.map(\.kind) == [.missing, .missing, .missing, .missing])
        #expect(node.changes.map(\.gpu) == ["GPU 4 (00000000:00:0A.0)", "GPU 5 (00000000:00:0B.0)",
                                            "GPU 6 (00000000:00:0C.0)", "GPU 7 (00000000:00:0D.0)"])
    }
}
