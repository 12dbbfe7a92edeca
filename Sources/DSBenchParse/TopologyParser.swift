import DSBenchCore

/// `nvidia-smi topo -m` (docs/formats.md §4.2): the device matrix, affinities and NIC legend.
public enum TopologyParser {
    public static func parse(_ text: String) -> TopologyMatrix {
        var matrix = TopologyMatrix()
        var log = CappedDiagnostics()
        var header: TopologyHeader?
        var matrixEnded = false
        var inNicLegend = false

        var poll = CancellationPoll()
        for line in SmiLines.split(text) {
            if poll.shouldStop() { break }
            let clean = TopologyText.stripANSI(line.text)
            let trimmed = clean.trimmedSpaces
            if inNicLegend {
                if let (nic, name) = legendEntry(trimmed) { matrix.nicLegend[nic] = name; continue }
                if trimmed.isEmpty { continue }
                inNicLegend = false
            }
            if trimmed == "NIC Legend:" { inNicLegend = true; matrixEnded = true; continue }
            if matrixEnded { continue }
            if trimmed.isEmpty || trimmed == "Legend:" {
                if header != nil && !matrix.rows.isEmpty { matrixEnded = true }
                continue
            }
            guard let columns = header else {
                if let found = TopologyHeader(clean) {
                    header = found
                    matrix.devices = found.devices
                } else {
                    log.add(.warning, line: line.number, kind: "before header",
                            "line before the topology header ignored")
                }
                continue
            }
            if let row = columns.row(clean, line: line.number, log: &log) {
                guard columns.devices.contains(row.device) else {
                    log.add(.warning, line: line.number, kind: "not a device",
                            "row label '\(row.device.prefix(40))' is not a device of the header; line ignored")
                    continue
                }
                matrix.rows.append(row)
            }
        }
        if header == nil {
            log.add(.error, line: nil, kind: "no header",
                    "not nvidia-smi topo -m output: no header row of device labels (GPU0 GPU1 …)")
        } else if matrix.rows.isEmpty {
            log.add(.error, line: nil, kind: "no rows", "topology header without any matrix row")
        }
        matrix.diagnostics = log.finished()
        return matrix
    }

    public static func parse(_ bytes: [UInt8]) -> TopologyMatrix {
        parse(SmiLines.decode(bytes))
    }

    /// `NIC0: mlx5_0` inside the `NIC Legend:` block.
    private static func legendEntry(_ line: Substring) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimmedSpaces, value = line[line.index(after: colon)...].trimmedSpaces
        guard !key.isEmpty, !value.isEmpty, !key.contains(" ") else { return nil }
        return (String(key), String(value))
    }
}

/// The header row: device labels, then attribute columns, and which layout (tabs or spaces) it uses.
struct TopologyHeader {
    let devices: [String]
    let attributes: [String]
    let tabs: Bool

    /// nil when the line is not a header: it must start with blank space (the empty corner cell)
    /// or, in a trimmed copy, start with two device labels rather than a label and a link code.
    init?(_ line: Substring) {
        tabs = line.contains("\t")
        let startsBlank = line.first == " " || line.first == "\t"
        var cells = TopologyText.cells(line, tabs: tabs)
        if tabs, startsBlank, cells.first?.isEmpty == true { cells.removeFirst() }
        cells = cells.filter { !$0.isEmpty }
        guard let first = cells.first, !first.contains(" ") else { return nil }
        if !startsBlank {
            guard cells.count >= 2, !TopologyText.isLinkCode(cells[1]) else { return nil }
        }
        let deviceCells = cells.prefix { !$0.contains(" ") && !TopologyText.attributeNames.contains(String($0)) }
        // Device labels are GPU0…, NIC0… or old-style NIC names (mlx5_0); at least one GPU. Any
        // other line of two words (a query-gpu header, a dmon line) is not a header.
        guard deviceCells.allSatisfy(TopologyText.isDeviceLabel),
              deviceCells.contains(where: TopologyText.isGPULabel) else { return nil }
        devices = deviceCells.map(String.init)
        attributes = cells.dropFirst(deviceCells.count).map(String.init)
    }

    func row(_ line: Substring, line number: Int, log: inout CappedDiagnostics) -> TopologyRow? {
        var cells = TopologyText.cells(line, tabs: tabs && line.contains("\t"))
        guard let label = cells.first.map(String.init), !label.isEmpty else {
            log.add(.warning, line: number, kind: "bad row", "topology row without a device label ignored")
            return nil
        }
        cells.removeFirst()
        let deviceCells = cells.prefix(devices.count).map(String.init)
        if deviceCells.count < devices.count {
            log.add(.warning, line: number, kind: "short row",
                    "row \(label) has \(deviceCells.count) of \(devices.count) device cells")
        }
        var rest = Array(cells.dropFirst(devices.count))
        // Recent drivers print an empty cell between NUMA Affinity and GPU NUMA ID; drop surplus
        // empty cells (never the last one), right to left, until the values line up with the
        // attribute names. Marked first and dropped in one pass: removing them one by one moved
        // the rest of the row each time, quadratic in a row of thousands of cells.
        var surplus = rest.count - attributes.count
        if surplus > 0 {
            var dropped = [Bool](repeating: false, count: rest.count)
            var probe = rest.count - 2
            while surplus > 0 && probe >= 0 {
                if rest[probe].isEmpty { dropped[probe] = true; surplus -= 1 }
                probe -= 1
            }
            rest = zip(rest, dropped).compactMap { $1 ? nil : $0 }
        }
        if rest.count > attributes.count {
            log.add(.warning, line: number, kind: "long row",
                    "row \(label) has \(rest.count) attribute cells for \(attributes.count) columns; extra cells ignored")
        }
        var values: [String: String] = [:]
        for (name, value) in zip(attributes, rest) where !value.isEmpty { values[name] = String(value) }
        return TopologyRow(device: label, cells: deviceCells, cpuAffinity: values["CPU Affinity"],
                           numaAffinity: values["NUMA Affinity"], gpuNumaID: values["GPU NUMA ID"])
    }
}
