import DSBenchCore
import GRDB

extension RecordWriter {
    /// dmon columns with their own SQL column, in table order; any other column goes to `extra`.
    static let dmonColumns = [
        "pwr", "gtemp", "mtemp", "sm", "mem", "enc", "dec", "jpg", "ofa", "mclk", "pclk",
        "pviol", "tviol", "fb", "bar1", "ccpm", "sbecc", "dbecc", "pci", "rxpci", "txpci",
    ]
    /// The known names packed into integers: matching a sample's keys is a few integer compares
    /// instead of a String hash per value (a tenth of the ingest time).
    private static let packedDmonColumns: [UInt64] = dmonColumns.map { packedName($0) ?? .max }

    /// Up to 7 UTF-8 bytes plus the length in the top byte, so distinct names never collide;
    /// nil for longer names (none of the known ones).
    @inline(__always)
    private static func packedName(_ name: String) -> UInt64? {
        var key: UInt64 = 0
        var length: UInt64 = 0
        for byte in name.utf8 {
            length += 1
            guard length <= 7 else { return nil }
            key = key << 8 | UInt64(byte)
        }
        return key | length << 56
    }

    @inline(__always)
    static func dmonSlot(_ name: String) -> Int? {
        guard let key = packedName(name) else { return nil }
        return packedDmonColumns.firstIndex(of: key)
    }

    func writeDmon(_ capture: DmonCapture, _ origin: Origin) throws {
        let columns = Self.dmonColumns
        var insert = BulkInsert(db, table: "dmon_samples",
                                columns: ["run_id", "step_id", "node", "seq", "gpu", "sampled_at"] + columns + ["extra"])
        let firstValue = 6
        let extraColumn = firstValue + columns.count
        var extra: [String: Double?] = [:]
        var bound = [Bool](repeating: false, count: columns.count)
        var memo = DmonSlotMemo()
        for sample in capture.samples {
            insert.set(0, runID); insert.set(1, origin.stepID); insert.set(2, origin.node)
            insert.set(3, sample.round); insert.set(4, sample.gpu); insert.set(5, sample.timestamp)
            extra.removeAll(keepingCapacity: true)
            for slot in bound.indices { bound[slot] = false }
            var position = 0
            for (name, value) in sample.values {
                if let slot = memo.slot(name, at: position) {
                    insert.set(firstValue + slot, value)
                    bound[slot] = true
                } else {
                    extra[name] = value
                }
                position += 1
            }
            for slot in bound.indices where !bound[slot] { insert.set(firstValue + slot, nil as Double?) }
            insert.set(extraColumn, extra.isEmpty ? nil : JSONText.object(sortedNumbers: extra))
            try insert.endRow()
        }
        try insert.finish()
    }
}

/// The column slot of each key of the previous sample, by iteration position. The samples of one
/// capture are copies of one template dictionary, so they list the same keys in the same order:
/// a String equality (a compare of two words for short names) then replaces packing and looking
/// up every name, which took a fifth of a dmon ingest. Any other order is still mapped right,
/// only slower.
private struct DmonSlotMemo {
    private var names: [String] = []
    /// nil: a column without its own SQL column (goes to `extra`).
    private var slots: [Int?] = []

    @inline(__always)
    mutating func slot(_ name: String, at position: Int) -> Int? {
        if position < names.count {
            if names[position] == name { return slots[position] }
            let slot = RecordWriter.dmonSlot(name)
            names[position] = name
            slots[position] = slot
            return slot
        }
        let slot = RecordWriter.dmonSlot(name)
        names.append(name)
        slots.append(slot)
        return slot
    }
}
