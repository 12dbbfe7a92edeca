import DSBenchCore

/// Where each field is in an Nsight Compute CSV header, found by name: the columns moved between
/// ncu versions (`Kernel Time` went, `Block Size`, `Grid Size`, `Device`, `CC` came) and the
/// summary has no `ID`, `Context` or `Stream`.
struct NcuColumns {
    var layout: NcuReport.Layout = .details
    var id: Int?, processID: Int?, processName: Int?, host: Int?, kernelName: Int?
    var context: Int?, stream: Int?, block: Int?, grid: Int?, device: Int?, computeCapability: Int?
    var invocations: Int?
    var section: Int?, metricName: Int?, metricUnit: Int?, metricValue: Int?
    var minimum: Int?, maximum: Int?, average: Int?
    var ruleName: Int?, ruleType: Int?, ruleDescription: Int?, speedupType: Int?, speedup: Int?
    /// The raw page's metric columns (every column that is not an identity column).
    var metricColumns: [Int] = []
    /// Cells a row must have to be read (through the last column the layout needs).
    var required = 0

    init() {}

    /// Nil when the line is not a header.
    init?(_ line: QuotedCSVLine, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard line.count >= 2,
              line.equals(bytes, 0, "ID") || line.equals(bytes, 0, "Process ID") else { return nil }
        var sawKernelName = false
        for column in 0..<line.count {
            switch line.text(bytes, column) {
            case "ID": id = column
            case "Process ID": processID = column
            case "Process Name": processName = column
            case "Host Name": host = column
            case "Kernel Name": kernelName = column; sawKernelName = true
            case "Kernel Time", "Function Name": break
            case "Context": context = column
            case "Stream": stream = column
            case "Block Size": block = column
            case "Grid Size": grid = column
            case "Device": device = column
            case "CC": computeCapability = column
            case "Invocations": invocations = column
            case "Section Name": section = column
            case "Metric Name": metricName = column
            case "Metric Unit": metricUnit = column
            case "Metric Value": metricValue = column
            case "Minimum": minimum = column
            case "Maximum": maximum = column
            case "Average": average = column
            case "Rule Name": ruleName = column
            case "Rule Type": ruleType = column
            case "Rule Description": ruleDescription = column
            case "Estimated Speedup Type": speedupType = column
            case "Estimated Speedup": speedup = column
            default: metricColumns.append(column)
            }
        }
        guard sawKernelName else { return nil }
        if metricName != nil && metricValue != nil {
            layout = .details
            required = max(metricName!, metricValue!) + 1
        } else if metricName != nil && average != nil {
            layout = .summary
            required = max(metricName!, average!) + 1
        } else {
            layout = .raw
            required = (kernelName ?? 0) + 1
        }
    }
}

extension NcuParseState {
    /// One metric or rule of one launch.
    mutating func detailsRow(_ line: QuotedCSVLine, lineNumber: Int) {
        guard line.count >= columns.required, let idColumn = columns.id, let id = line.integer(bytes, idColumn) else {
            malformed(lineNumber); return
        }
        let pid = columns.processID.flatMap { line.integer(bytes, $0) } ?? 0
        let index = kernel(line, key: "\(pid)/\(id)")
        let section = columns.section.map { line.text(bytes, $0) }
        let metricName = columns.metricName.map { line.text(bytes, $0) } ?? ""
        if metricName.isEmpty, let ruleColumn = columns.ruleName, !line.isEmpty(ruleColumn) {
            report.kernels[index].rules.append(NcuRule(
                section: section ?? "", name: line.text(bytes, ruleColumn),
                type: columns.ruleType.map { line.text(bytes, $0) } ?? "",
                description: columns.ruleDescription.map { line.text(bytes, $0) } ?? "",
                speedupType: columns.speedupType.flatMap { line.isEmpty($0) ? nil : line.text(bytes, $0) },
                estimatedSpeedup: columns.speedup.flatMap { line.number(bytes, $0) }))
            return
        }
        guard !metricName.isEmpty, let valueColumn = columns.metricValue else { return }
        report.kernels[index].metrics.append(metric(line, section: section, name: metricName, valueColumn: valueColumn))
    }

    /// One metric of one kernel and launch shape: the average is the value.
    mutating func summaryRow(_ line: QuotedCSVLine, lineNumber: Int) {
        guard line.count >= columns.required, let nameColumn = columns.metricName, let average = columns.average else {
            malformed(lineNumber); return
        }
        let identity = [columns.processID, columns.kernelName, columns.block, columns.grid, columns.device]
            .map { $0.map { line.text(bytes, $0) } ?? "" }.joined(separator: "\u{1F}")
        let index = kernel(line, key: identity)
        var value = metric(line, section: columns.section.map { line.text(bytes, $0) },
                           name: line.text(bytes, nameColumn), valueColumn: average)
        value.minimum = columns.minimum.flatMap { line.number(bytes, $0) }
        value.maximum = columns.maximum.flatMap { line.number(bytes, $0) }
        report.kernels[index].metrics.append(value)
    }

    /// One launch with every metric; the first row after the header holds the units.
    mutating func rawRow(_ line: QuotedCSVLine, lineNumber: Int) {
        if awaitingUnits {
            awaitingUnits = false
            if let idColumn = columns.id ?? columns.processID, line.isEmpty(idColumn) {
                rawUnits = columns.metricColumns.map { line.text(bytes, $0) }
                return
            }
        }
        guard line.count >= columns.required, let idColumn = columns.id, let id = line.integer(bytes, idColumn) else {
            malformed(lineNumber); return
        }
        let pid = columns.processID.flatMap { line.integer(bytes, $0) } ?? 0
        let index = kernel(line, key: "\(pid)/\(id)")
        var metrics: [NcuMetric] = []
        metrics.reserveCapacity(columns.metricColumns.count)
        for (position, column) in columns.metricColumns.enumerated() where column < line.count {
            let name = rawNames[position], unit = rawUnits[position]
            if let value = line.number(bytes, column) {
                metrics.append(NcuMetric(name: name, unit: unit, value: value))
            } else if !line.isEmpty(column) {
                metrics.append(NcuMetric(name: name, unit: unit, value: nil, text: line.text(bytes, column)))
            }
        }
        // A launch's row is usually its only one: hand the array over instead of copying its
        // elements (each copy retained two strings; 30 % of the parse was retain/release).
        if report.kernels[index].metrics.isEmpty { report.kernels[index].metrics = metrics }
        else { report.kernels[index].metrics.append(contentsOf: metrics) }
    }

    private func metric(_ line: QuotedCSVLine, section: String?, name: String, valueColumn: Int) -> NcuMetric {
        let unit = columns.metricUnit.map { line.text(bytes, $0) } ?? ""
        if let value = line.number(bytes, valueColumn) {
            return NcuMetric(section: section, name: name, unit: unit, value: value)
        }
        return NcuMetric(section: section, name: name, unit: unit, value: nil,
                         text: line.isEmpty(valueColumn) ? nil : line.text(bytes, valueColumn))
    }
}
