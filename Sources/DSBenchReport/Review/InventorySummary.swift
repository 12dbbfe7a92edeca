import DSBenchCore
import DSBenchStore
import Foundation

/// The fleet's hardware and software in one table, with every attribute that differs between
/// GPUs or nodes called out (mixed generations, drivers, links trained narrower than they can).
enum InventorySummary {
    static func build(gpus rows: [InventoryGPURow], facts: [FactRow]) -> InventoryReport {
        // A GPU inventoried twice in one run keeps its latest row.
        var latest: [String: InventoryGPURow] = [:]
        for row in rows { latest["\(row.node)#\(row.index)"] = row }
        let gpus = latest.values.sorted { ($0.node, $0.index) < ($1.node, $1.index) }.map { g in
            InventoryGPU(node: g.node, index: g.index, name: g.name ?? "?", driver: g.driverVersion ?? "?",
                         vbios: g.vbiosVersion ?? "?", memoryMiB: g.memoryTotalMiB,
                         pcieCurrent: link(g.pcieGenCurrent, g.pcieWidthCurrent), pcieMax: link(g.pcieGenMax, g.pcieWidthMax),
                         powerLimitW: g.powerLimitW,
                         pcieDegraded: PCIeLink.isNarrower(current: g.pcieWidthCurrent, max: g.pcieWidthMax))
        }
        var summary: [InventoryAttribute] = []
        func perGPU(_ name: String, _ value: (InventoryGPU) -> String?) {
            let values = gpus.compactMap(value)
            guard !values.isEmpty else { return }
            summary.append(attribute(name, values, unit: "GPUs"))
        }
        perGPU("GPU model") { $0.name }
        perGPU("driver") { $0.driver }
        perGPU("VBIOS") { $0.vbios }
        perGPU("memory") { $0.memoryMiB.map { "\(Int($0)) MiB" } }
        perGPU("PCIe max") { $0.pcieMax == "-" ? nil : $0.pcieMax }
        perGPU("PCIe width now") { g in g.pcieDegraded ? "narrower than max" : (g.pcieCurrent == "-" ? nil : "at max width") }
        perGPU("power limit") { $0.powerLimitW.map { String(format: "%.0f W", $0) } }

        // A node with two values (one per step) shows both: `2.28.9+2.27.3`.
        var factValues: [String: [String: Set<String>]] = [:]  // key → node → values
        for fact in facts where fact.key != "topology" && fact.key != "nvlink" {
            factValues[fact.key, default: [:]][fact.node, default: []].insert(fact.value)
        }
        for (key, label) in factLabels {
            if let byNode = factValues[key], !byNode.isEmpty {
                let values = byNode.keys.sorted().map { (byNode[$0] ?? []).sorted().joined(separator: "+") }
                summary.append(attribute(label, values, unit: "nodes"))
            }
        }
        return InventoryReport(gpus: gpus, summary: summary)
    }

    static let factLabels = [("cuda_version", "CUDA"), ("nccl_version", "NCCL"), ("nccl_tests_version", "nccl-tests"),
                             ("kernel", "kernel"), ("os", "OS")]

    static func attribute(_ name: String, _ values: [String], unit: String) -> InventoryAttribute {
        let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
        let sorted = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { (value: $0.key, count: $0.value) }
        return InventoryAttribute(name: name, values: sorted, unit: unit, heterogeneous: sorted.count > 1)
    }

    static func link(_ gen: Int?, _ width: Int?) -> String {
        switch (gen, width) {
        case let (g?, w?): return "gen\(g) x\(w)"
        case let (g?, nil): return "gen\(g)"
        case let (nil, w?): return "x\(w)"
        default: return "-"
        }
    }

    /// Each distinct `nvidia-smi topo -m` matrix once, with the nodes that have it.
    static func topology(_ facts: [FactRow]) -> [TopologyReport] {
        var byMatrix: [String: (matrix: TopologyMatrix, nodes: Set<String>)] = [:]
        for fact in facts where fact.key == "topology" {
            guard let matrix = try? JSONDecoder().decode(TopologyMatrix.self, from: Data(fact.value.utf8)),
                  !matrix.rows.isEmpty else { continue }
            var entry = byMatrix[fact.value] ?? (matrix, [])
            entry.nodes.insert(fact.node)
            byMatrix[fact.value] = entry
        }
        return byMatrix.values.sorted { ($0.nodes.min() ?? "") < ($1.nodes.min() ?? "") }.map { entry in
            TopologyReport(nodes: entry.nodes.sorted(), devices: entry.matrix.devices,
                           rows: entry.matrix.rows.map { ($0.device, $0.cells, $0.cpuAffinity, $0.numaAffinity) })
        }
    }
}
