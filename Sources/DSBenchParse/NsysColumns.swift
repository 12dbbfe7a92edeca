import DSBenchCore

/// Where each field is in one `nsys stats` CSV header, and the unit of its time columns.
struct NsysColumns {
    var report: String
    var names: [String]
    var isTrace = false
    var name: Int?, timePercent: Int?, total: Int?, instances: Int?
    var average: Int?, median: Int?, minimum: Int?, maximum: Int?, stdDev: Int?
    var start: Int?, duration: Int?, device: Int?
    /// ns per unit of each time column.
    var scales: [Int: Double] = [:]
    var startScale = 1.0, durationScale = 1.0

    /// Nil when the line is not a report header.
    init?(_ line: QuotedCSVLine, _ bytes: UnsafeBufferPointer<UInt8>, report pending: String?) {
        let names = (0..<line.count).map { line.text(bytes, $0).trimmedSpaces }.map(String.init)
        self.names = names
        self.report = pending ?? ""
        for (column, header) in names.enumerated() {
            let (base, scale) = Self.split(header)
            if let scale { scales[column] = scale }
            switch base {
            case "Name", "Operation", "Range": if name == nil || base == "Range" { name = column }
            case "Time (%)", "Time": timePercent = column
            case "Total Time": total = column
            case "Instances", "Count", "Num Calls", "Calls": instances = column
            case "Avg": average = column
            case "Med": median = column
            case "Min": minimum = column
            case "Max": maximum = column
            case "StdDev": stdDev = column
            case "Start": start = column; startScale = scale ?? 1
            case "Duration": duration = column; durationScale = scale ?? 1
            case "Device": device = column
            default: break
            }
        }
        if start != nil && duration != nil && name != nil {
            isTrace = true
            if report.isEmpty { report = "cuda_gpu_trace" }
        } else if name != nil && (total != nil || instances != nil) {
            if report.isEmpty { report = Self.recognise(names) }
        } else {
            return nil
        }
    }

    /// `Total Time (ns)` → (`Total Time`, 1); `Avg (us)` → (`Avg`, 1000); `Time (%)` stays whole.
    static func split(_ header: String) -> (String, Double?) {
        for (suffix, scale) in [(" (ns)", 1.0), (" (us)", 1e3), (" (ms)", 1e6), (" (s)", 1e9)] where header.hasSuffix(suffix) {
            return (String(header.dropLast(suffix.count)), scale)
        }
        return (header, nil)
    }

    /// A report written alone to a file has no banner: its columns say which it is.
    static func recognise(_ names: [String]) -> String {
        if names.contains("Style") && names.contains("Range") { return "nvtx_sum" }
        if names.contains("Operation") { return names.contains(where: { $0.hasPrefix("Total (") }) ? "cuda_gpu_mem_size_sum" : "cuda_gpu_mem_time_sum" }
        if names.contains("Instances") { return "cuda_gpu_kern_sum" }
        if names.contains("Num Calls") { return "api_sum" }
        return "unknown"
    }

    /// `0` → 0; `NVIDIA H200 (3)` → 3 (newer nsys print the device's name).
    static func deviceIndex(_ text: String) -> Int? {
        if let index = Int(text.trimmedSpaces) { return index }
        guard let close = text.lastIndex(of: ")"), let open = text[..<close].lastIndex(of: "(") else { return nil }
        return Int(text[text.index(after: open)..<close])
    }

    func row(_ line: QuotedCSVLine, _ bytes: UnsafeBufferPointer<UInt8>) -> NsysStatsRow? {
        guard let nameColumn = name, nameColumn < line.count else { return nil }
        func time(_ column: Int?) -> Double? {
            guard let column, let value = line.number(bytes, column) else { return nil }
            return value * (scales[column] ?? 1)
        }
        let name = line.text(bytes, nameColumn)
        var row = NsysStatsRow(
            name: name, shortName: KernelShortName.of(name), collective: NcclKernelName.collective(name),
            timePercent: timePercent.flatMap { line.number(bytes, $0) }, totalNanoseconds: time(total),
            instances: instances.flatMap { line.integer(bytes, $0) },
            averageNanoseconds: time(average), medianNanoseconds: time(median),
            minimumNanoseconds: time(minimum), maximumNanoseconds: time(maximum), stdDevNanoseconds: time(stdDev))
        guard row.totalNanoseconds != nil || row.instances != nil else { return nil }
        let known = Set([self.name, timePercent, total, instances, average, median, minimum, maximum, stdDev].compactMap { $0 })
        for column in 0..<min(line.count, names.count) where !known.contains(column) && !line.isEmpty(column) {
            row.other[names[column]] = line.text(bytes, column)
        }
        return row
    }
}
