import DSBenchCore

/// `nvidia-smi --query-gpu=… --format=csv[,noheader][,nounits]` (docs/formats.md §4.1).
///
/// Names come from the header when there is one (units such as ` [MiB]` stripped), otherwise
/// from `fields`, the list given to `--query-gpu`. Bracketed values (`[N/A]`, `[Not Supported]`)
/// become nil with their reason kept.
public enum GPUQueryParser {
    public static func parse(_ text: String, fields: [String]? = nil) -> GPUQueryTable {
        var table = GPUQueryTable()
        var log = CappedDiagnostics()
        var header: [GPUQueryColumn]?
        var shared: GPUQueryColumns?
        var headerless = false
        // The text of the line the current header came from: a line equal to it byte for byte is
        // that header repeated, known without splitting and classifying its cells again (concatenated
        // health captures repeat it every row; that was two thirds of their parse).
        var headerText: Substring?

        var poll = CancellationPoll()
        for line in SmiLines.split(text) {
            if poll.shouldStop() { break }
            if line.text.trimmedSpaces.isEmpty { continue }
            if let headerText, ByteText.same(line.text, headerText) {
                log.add(.note, line: line.number, kind: "repeated header", "repeated header line skipped")
                continue
            }
            let cells = GPUQueryCells.split(line.text)
            if header != nil, !headerless, GPUQueryColumn.isHeader(cells) {
                // Concatenated captures repeat the header; read as a row it was a GPU named "name".
                let again = cells.map(GPUQueryColumn.init(headerCell:))
                if again.map(\.name) == table.fieldNames {
                    log.add(.note, line: line.number, kind: "repeated header", "repeated header line skipped")
                } else {
                    log.add(.warning, line: line.number, kind: "new header",
                            "a different header line: the rows after it are read with its \(again.count) fields")
                    header = again
                    headerText = line.text
                    shared = nil
                    table.fieldNames = again.map(\.name)
                }
                continue
            }
            if header == nil {
                if GPUQueryColumn.isHeader(cells) {
                    header = cells.map(GPUQueryColumn.init(headerCell:))
                    headerText = line.text
                    table.fieldNames = header?.map(\.name) ?? []
                    noteDuplicates(table.fieldNames, line: line.number, log: &log)
                    continue
                }
                guard let fields, !fields.isEmpty else {
                    // One error for the input, not one per line: it is not this format at all.
                    let comma = line.text.contains(",")
                    log.add(.error, line: line.number, kind: "no header",
                            "not nvidia-smi --query-gpu CSV: "
                            + (comma ? "the first line is not a header of field names (index, name, …)"
                                     : "the first line has no comma-separated values")
                            + " and no field list was given for header-less output (--fields)")
                    break
                }
                header = fields.map { GPUQueryColumn(name: $0, unit: nil) }
                table.fieldNames = fields
                headerless = true
                noteDuplicates(fields, line: nil, log: &log)
            }
            guard let columns = header else { continue }
            // One shared name list per header, not one per row.
            if shared == nil { shared = GPUQueryColumns(columns.map(\.name)) }
            if let shared, let record = makeRecord(cells, line: line, columns: columns, names: shared,
                                                   headerless: headerless, log: &log) {
                table.records.append(record)
            }
        }
        if table.records.isEmpty && header == nil && log.items.isEmpty {
            log.add(.warning, line: nil, kind: "empty", "no query-gpu output found")
        }
        table.diagnostics = log.finished()
        return table
    }

    public static func parse(_ bytes: [UInt8], fields: [String]? = nil) -> GPUQueryTable {
        parse(SmiLines.decode(bytes), fields: fields)
    }

    static func noteDuplicates(_ names: [String], line: Int?, log: inout CappedDiagnostics) {
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            log.add(.warning, line: line, kind: "duplicate field", "field '\(name)' appears twice; the last value is kept")
        }
    }

    private static func makeRecord(_ rawCells: [Substring], line: SmiLine, columns: [GPUQueryColumn], names: GPUQueryColumns,
                                   headerless: Bool, log: inout CappedDiagnostics) -> GPUQueryRecord? {
        var cells = rawCells
        if cells.count > columns.count {
            // Only the free-text `name` field may hold ", " (a marketing name); give it the surplus.
            guard let nameIndex = columns.firstIndex(where: { $0.name == "name" }) else {
                log.add(.warning, line: line.number, kind: "long row",
                        "\(cells.count) values for \(columns.count) fields; row dropped")
                return nil
            }
            cells = GPUQueryCells.merge(cells, at: nameIndex, count: cells.count - columns.count + 1, in: line.text)
        }
        if cells.count < columns.count {
            log.add(.warning, line: line.number, kind: "short row",
                    "\(cells.count) values for \(columns.count) fields (cut short?); row dropped")
            return nil
        }
        var values: [String?] = []
        values.reserveCapacity(columns.count)
        var unavailable: [String: String] = [:]
        for (column, cell) in zip(columns, cells) {
            switch GPUQueryCells.value(cell, unit: column.unit, stripGenericUnit: headerless) {
            case .text(let value): values.append(value)
            case .unavailable(let reason):
                values.append(nil)
                unavailable[column.name] = reason
            }
        }
        return GPUQueryRecord(columns: names, values: values, unavailable: unavailable, line: line.number)
    }
}

/// One header cell: `memory.total [MiB]` → name `memory.total`, unit `MiB`.
struct GPUQueryColumn {
    let name: String
    let unit: String?

    init(name: String, unit: String?) { self.name = name; self.unit = unit }

    init(headerCell cell: Substring) {
        if cell.hasSuffix("]"), let open = cell.lastIndex(of: "["), open > cell.startIndex,
           cell[cell.index(before: open)] == " " {
            name = String(cell[..<cell.index(before: open)])
            unit = String(cell[cell.index(after: open)..<cell.index(before: cell.endIndex)])
        } else {
            name = String(cell)
            unit = nil
        }
    }

    /// A header is a line of field names: each cell an identifier that starts with a lower-case
    /// letter (`pci.bus_id`, `pci.baseClass`), optionally with ` [unit]`. Values never look like
    /// that: they are numbers, capitalised words (`Enabled`, `NVIDIA H200`), `GPU-…` or `[N/A]`.
    static func isHeader(_ cells: [Substring]) -> Bool {
        guard !cells.isEmpty else { return false }
        return cells.allSatisfy { cell in
            let name = GPUQueryColumn(headerCell: cell).name
            guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
            return name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "_"
            }
        }
    }
}
