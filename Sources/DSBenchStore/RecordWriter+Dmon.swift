import DSBenchCore
import GRDB

extension RecordWriter {
    /// dmon columns with their own SQL column, in table order; any other column goes to `extra`.
    static let dmonColumns = [
        "pwr", "gtemp", "mtemp", "sm", "mem", "enc", "dec", "jpg", "ofa", "mclk", "pclk",
        "pviol", "tviol", "fb", "bar1", "ccpm", "sbecc", "dbecc", "pci", "rxpci", "txpci",
    ]
    private static let dmonSlot: [String: Int] = Dictionary(
        uniqueKeysWithValues: dmonColumns.enumerated().map { ($0.element, $0.offset) })

    func writeDmon(_ capture: DmonCapture, _ origin: Origin) throws {
        let columns = Self.dmonColumns
        let insert = try db.cachedStatement(sql: """
            INSERT INTO dmon_samples (run_id, step_id, node, seq, gpu, sampled_at, \(columns.joined(separator: ", ")), extra)
            VALUES (\(Array(repeating: "?", count: 6 + columns.count + 1).joined(separator: ", ")))
            """)
        let fixed = [runID.databaseValue, Bind.integer(origin.stepID), origin.node.databaseValue]
        var values: [DatabaseValue] = []
        values.reserveCapacity(fixed.count + 3 + columns.count + 1)
        var extra: [String: Double?] = [:]
        for sample in capture.samples {
            values.removeAll(keepingCapacity: true)
            values.append(contentsOf: fixed)
            values.append(Int64(sample.round).databaseValue)
            values.append(Int64(sample.gpu).databaseValue)
            values.append(Bind.text(sample.timestamp))
            let firstSlot = values.count
            values.append(contentsOf: repeatElement(DatabaseValue.null, count: columns.count))
            extra.removeAll(keepingCapacity: true)
            for (name, value) in sample.values {
                if let slot = Self.dmonSlot[name] {
                    values[firstSlot + slot] = Bind.real(value)
                } else {
                    extra[name] = value
                }
            }
            values.append(extra.isEmpty ? .null : JSONText.object(sortedNumbers: extra).databaseValue)
            insert.setUncheckedArguments(StatementArguments(values))
            try insert.execute()
        }
    }
}
