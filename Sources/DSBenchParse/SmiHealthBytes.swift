import DSBenchCore

/// The smi-health parse of a capture as nvidia-smi writes it (ASCII, one header however often
/// repeated), on its bytes: `GPUQueryParser`'s steps and diagnostics with the health renaming
/// fused in, no `GPUQueryTable` in between. Decoding the capture, a `Substring` per cell, a
/// `String` per value, a record per row and a dictionary look-up per reading held the parse at
/// 96 MB/s.
///
/// Nil for a capture with a line that is not ASCII (where `Character` and byte logic could part)
/// or with a second, different header (the readings of every row are placed by the last header's
/// fields, known only at the end): `SmiHealthParser` reads those through the table.
enum SmiHealthBytes {
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> GPUHealthReport? {
        var state = State(buffer)
        var poll = CancellationPoll()
        lines: for line in ByteLines(buffer) {
            if poll.shouldStop() { break }
            guard ByteText.isASCII(buffer, line.range) else { return nil }
            switch state.read(line) {
            case .next: continue
            case .stop: break lines
            case .unreadable: return nil
            }
        }
        return state.finished()
    }

    private enum Outcome { case next, stop, unreadable }

    private struct Header {
        let line: Range<Int>
        let names: [String]
        let units: [[UInt8]]
        let nameColumn: Int?
        let indexColumn: Int?
        let busColumn: Int?
        /// Each reading's column; a repeated name reads its last column, as `GPUQueryRecord` does.
        let columns: [Int]
        let fields: SmiHealthParser.Fields
    }

    private struct State {
        let buffer: UnsafeBufferPointer<UInt8>
        var report = GPUHealthReport(source: "smi-health")
        var log = CappedDiagnostics()
        var header: Header?
        var placer = SmiHealthParser.Placer(placed: [])
        var cells: [Range<Int>] = []

        init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        mutating func read(_ line: ByteLine) -> Outcome {
            if ByteText.isBlank(buffer, line.range) { return .next }
            if let header, ByteText.equal(buffer, header.line, line.range) {
                log.add(.note, line: line.number, kind: "repeated header", "repeated header line skipped")
                return .next
            }
            ByteText.splitCSV(buffer, line.range, into: &cells)
            let names = headerNames()
            guard let header else {
                guard let names else {
                    let comma = ByteText.contains(buffer, line.range, 0x2C)
                    log.add(.error, line: line.number, kind: "no header",
                            "not nvidia-smi --query-gpu CSV: "
                            + (comma ? "the first line is not a header of field names (index, name, …)"
                                     : "the first line has no comma-separated values")
                            + " and no field list was given for header-less output (--fields)")
                    return .stop
                }
                start(names, line: line)
                return .next
            }
            if let names {
                guard names.map(\.name) == header.names else { return .unreadable }
                log.add(.note, line: line.number, kind: "repeated header", "repeated header line skipped")
                return .next
            }
            row(header, line: line.number)
            return .next
        }

        /// The cells as header columns when they are a header (`GPUQueryColumn.isHeader`). A
        /// header's first cell starts with a lower-case letter, a row's (an index, a name) does
        /// not: that byte spares rows the `Substring`s.
        private func headerNames() -> [GPUQueryColumn]? {
            guard let first = cells.first?.first, buffer[first] >= 0x61, buffer[first] <= 0x7A else { return nil }
            let texts = cells.map { Substring(ByteText.string(buffer, $0)) }
            return GPUQueryColumn.isHeader(texts) ? texts.map(GPUQueryColumn.init(headerCell:)) : nil
        }

        private mutating func start(_ columns: [GPUQueryColumn], line: ByteLine) {
            let names = columns.map(\.name)
            GPUQueryParser.noteDuplicates(names, line: line.number, log: &log)
            var last: [String: Int] = [:]
            for (column, name) in names.enumerated() { last[name] = column }
            let fields = SmiHealthParser.Fields(names)
            header = Header(line: line.range, names: names, units: columns.map { Array(($0.unit ?? "").utf8) },
                            nameColumn: names.firstIndex(of: "name"), indexColumn: last["index"],
                            busColumn: last["pci.bus_id"], columns: fields.all.map { last[$0.name] ?? 0 },
                            fields: fields)
            placer = fields.placer
        }

        /// `GPUQueryParser.makeRecord`'s checks, then the record's readings as `SmiHealthParser` takes them.
        private mutating func row(_ header: Header, line: Int) {
            let width = header.names.count
            if cells.count > width {
                // Only the free-text `name` field may hold ", " (a marketing name); give it the surplus.
                guard let at = header.nameColumn else {
                    log.add(.warning, line: line, kind: "long row", "\(cells.count) values for \(width) fields; row dropped")
                    return
                }
                let end = at + cells.count - width
                cells.replaceSubrange(at...end, with: [cells[at].lowerBound..<cells[end].upperBound])
            }
            if cells.count < width {
                log.add(.warning, line: line, kind: "short row",
                        "\(cells.count) values for \(width) fields (cut short?); row dropped")
                return
            }
            let index = header.indexColumn.flatMap { text($0, header) }.flatMap(integer)
            let bus = header.busColumn.flatMap { text($0, header) }.map { ByteText.string(buffer, $0) }
            var snapshot = GPUHealthSnapshot(index: index ?? report.gpus.count, pciBusID: bus)
            snapshot.values.reserveCapacity(header.columns.count)
            placer.begin()
            for (field, column) in zip(header.fields.all, header.columns) {
                guard let value = reading(column, header), !GPUHealthKey.isAbsent(bytes: buffer[value]) else { continue }
                placer.place(GPUHealthSnapshot.reading(field.key, ascii: buffer, value), slot: field.slot, in: &snapshot)
            }
            report.gpus.append(snapshot)
        }

        /// A cell's value without its unit; nil for `[N/A]` and the like.
        private func text(_ column: Int, _ header: Header) -> Range<Int>? {
            GPUQueryCells.valueRange(buffer, cells[column], unit: header.units[column])
        }

        /// The value of a reading, trimmed as `SmiHealthParser` trims the record's text (a merged
        /// `name` can end in a blank).
        private func reading(_ column: Int, _ header: Header) -> Range<Int>? {
            text(column, header).map { ByteText.trim(buffer, $0) }
        }

        /// `GPUQueryRecord.index`: digits read here, anything else (`1.5`, `2 x`) by the record's rule.
        private func integer(_ range: Range<Int>) -> Int? {
            ByteText.smallInteger(buffer, range) ?? GPUQueryRecord.integer(text: ByteText.string(buffer, range))
        }

        mutating func finished() -> GPUHealthReport {
            if report.gpus.isEmpty && header == nil && log.items.isEmpty {
                log.add(.warning, line: nil, kind: "empty", "no query-gpu output found")
            }
            report.diagnostics = log.finished()
            return report
        }
    }
}
