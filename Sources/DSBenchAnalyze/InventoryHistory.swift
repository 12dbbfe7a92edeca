import DSBenchCore

/// One node's GPUs over every inventory the run took of it. A suite that inventories before and
/// after its benchmarks (the quarterly one) stores each GPU twice: counted by identity they are
/// the node's GPUs once, and what differs between the two inventories is the reason to take two
/// (a PCIe link that trained down under load, a GPU that fell off the bus).
public struct NodeInventory: Sendable, Equatable {
    public struct ModelCount: Sendable, Equatable {
        public var name: String
        public var count: Int
        public init(name: String, count: Int) { self.name = name; self.count = count }
    }

    public var node: String
    /// Distinct GPUs over all the node's inventories: by UUID, else PCI bus id, else index.
    public var gpuCount: Int
    /// Distinct GPUs per model, by name.
    public var models: [ModelCount]
    /// The inventory steps (keys) that listed GPUs of this node, in plan order.
    public var inventories: [String]
    /// What differs from each inventory to the next, in plan order.
    public var changes: [InventoryChange]
}

/// One difference between two consecutive inventories of a node.
public struct InventoryChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Listed by the earlier inventory, not by the later one.
        case missing
        /// Listed by the later inventory only.
        case appeared
        /// The same GPU with another value of `field`.
        case changed
    }

    public var kind: Kind
    public var node: String
    public var gpuIndex: Int
    /// `GPU 0 (00000000:00:06.0)`.
    public var gpu: String
    /// `PCIe width`, `driver` …; nil for `missing` and `appeared`.
    public var field: String?
    public var before: String?
    public var after: String?
    /// Inventory step keys: the earlier and the later one.
    public var from: String
    public var to: String
    /// The link runs narrower than in the earlier inventory (the width the rule judges).
    public var linkNarrowed: Bool

    /// `GPU 0 (00000000:00:06.0): PCIe width x16 → x8 from inventory#0@local to inventory_after#0@local`.
    public var text: String {
        let what: String
        switch kind {
        case .missing: what = "listed by \(from), missing from \(to)"
        case .appeared: what = "missing from \(from), listed by \(to)"
        case .changed: what = "\(field ?? "?") \(before ?? "?") → \(after ?? "?") from \(from) to \(to)"
        }
        return "\(gpu): \(what)"
    }
}

public enum InventoryHistory {
    /// - Parameters:
    ///   - rows: the run's `--query-gpu` rows (`Store.inventoryGPUs`).
    ///   - steps: the run's steps in plan order (id and key); rows of a step not listed here form
    ///     one inventory named `inventory`, placed first.
    public static func nodes(_ rows: [InventoryGPURow], steps: [(id: Int64, key: String)]) -> [NodeInventory] {
        let position = Dictionary(steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let keys = Dictionary(steps.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        var nodeOrder: [String] = []
        var byNode: [String: [Int: [InventoryGPURow]]] = [:]  // node → step position (-1: unknown) → rows
        for row in rows {
            if byNode[row.node] == nil { nodeOrder.append(row.node) }
            let slot = row.stepID.flatMap { position[$0] } ?? -1
            byNode[row.node, default: [:]][slot, default: []].append(row)
        }
        return nodeOrder.map { node in
            let snapshots = (byNode[node] ?? [:]).sorted { $0.key < $1.key }.map { slot, rows in
                (key: slot >= 0 ? keys[steps[slot].id] ?? "inventory" : "inventory", rows: rows)
            }
            var identities: [String: InventoryGPURow] = [:]
            var firstSeen: [String] = []
            for snapshot in snapshots {
                for row in snapshot.rows where identities[identity(row)] == nil {
                    identities[identity(row)] = row
                    firstSeen.append(identity(row))
                }
            }
            var models: [NodeInventory.ModelCount] = []
            for id in firstSeen {
                let name = identities[id]?.name ?? "?"
                if let index = models.firstIndex(where: { $0.name == name }) { models[index].count += 1 }
                else { models.append(NodeInventory.ModelCount(name: name, count: 1)) }
            }
            let changes = zip(snapshots, snapshots.dropFirst()).flatMap { earlier, later in
                differences(node: node, from: earlier, to: later)
            }
            return NodeInventory(node: node, gpuCount: identities.count, models: models.sorted { $0.name < $1.name },
                                 inventories: snapshots.map(\.key), changes: changes)
        }
    }

    /// UUID, else PCI bus id, else index: the GPU itself, whatever order nvidia-smi listed it in.
    static func identity(_ row: InventoryGPURow) -> String {
        if let uuid = row.uuid, !uuid.isEmpty { return "uuid " + uuid }
        if let bus = row.pciBusID, !bus.isEmpty { return "bus " + bus.uppercased() }
        return "index \(row.index)"
    }

    /// The attributes compared between inventories. The current PCIe generation is left out on
    /// purpose: an idle link trains down to gen1 and back up under load, so an inventory taken
    /// before a benchmark and one after it differ there on healthy hardware.
    static let fields: [(name: String, value: @Sendable (InventoryGPURow) -> String?)] = [
        ("model", { $0.name }),
        ("driver", { $0.driverVersion }),
        ("VBIOS", { $0.vbiosVersion }),
        ("memory", { $0.memoryTotalMiB.map { "\(Int($0)) MiB" } }),
        ("PCIe width", { $0.pcieWidthCurrent.map { "x\($0)" } }),
        ("PCIe max", { row in
            switch (row.pcieGenMax, row.pcieWidthMax) {
            case let (gen?, width?): return "gen\(gen) x\(width)"
            case let (gen?, nil): return "gen\(gen)"
            case let (nil, width?): return "x\(width)"
            default: return nil
            }
        }),
    ]

    static func differences(node: String, from earlier: (key: String, rows: [InventoryGPURow]),
                            to later: (key: String, rows: [InventoryGPURow])) -> [InventoryChange] {
        let after = Dictionary(later.rows.map { (identity($0), $0) }, uniquingKeysWith: { _, last in last })
        let before = Dictionary(earlier.rows.map { (identity($0), $0) }, uniquingKeysWith: { _, last in last })
        func change(_ kind: InventoryChange.Kind, _ row: InventoryGPURow, field: String? = nil, before: String? = nil,
                    after: String? = nil, narrowed: Bool = false) -> InventoryChange {
            InventoryChange(kind: kind, node: node, gpuIndex: row.index, gpu: label(row), field: field, before: before,
                            after: after, from: earlier.key, to: later.key, linkNarrowed: narrowed)
        }
        var out: [InventoryChange] = []
        for row in earlier.rows {
            guard let now = after[identity(row)] else {
                out.append(change(.missing, row))
                continue
            }
            for (name, value) in fields {
                guard let old = value(row), let new = value(now), old != new else { continue }
                let narrowed = name == "PCIe width" && (now.pcieWidthCurrent ?? 0) < (row.pcieWidthCurrent ?? 0)
                out.append(change(.changed, now, field: name, before: old, after: new, narrowed: narrowed))
            }
        }
        for row in later.rows where before[identity(row)] == nil { out.append(change(.appeared, row)) }
        return out
    }

    static func label(_ row: InventoryGPURow) -> String {
        "GPU \(row.index)" + (row.pciBusID.map { " (\($0))" } ?? "")
    }
}
