/// What one run of NVIDIA's nvbandwidth printed, from its text or its JSON (`-j`) form.
public struct NvbandwidthReport: Sendable, Codable, Equatable {
    /// `v0.8`.
    public var version: String?
    /// `580.159.04`.
    public var driverVersion: String?
    /// `13000`.
    public var cudaRuntimeVersion: Int?
    /// `Device 0: NVIDIA H200 (00000000:00:06)` lines (text) or the `GPU Device list` (JSON), as printed.
    public var devices: [String]
    public var testcases: [NvbandwidthTestcase]
    /// A run-level error the tool reported (JSON `error`), such as no CUDA device.
    public var error: String?
    public var diagnostics: [Diagnostic]

    public init(version: String? = nil, driverVersion: String? = nil, cudaRuntimeVersion: Int? = nil,
                devices: [String] = [], testcases: [NvbandwidthTestcase] = [], error: String? = nil,
                diagnostics: [Diagnostic] = []) {
        self.version = version; self.driverVersion = driverVersion; self.cudaRuntimeVersion = cudaRuntimeVersion
        self.devices = devices; self.testcases = testcases; self.error = error; self.diagnostics = diagnostics
    }
}

public struct NvbandwidthTestcase: Sendable, Codable, Equatable {
    /// `host_to_device_memcpy_ce`; in the text form a waived testcase prints no name, so it is
    /// named from the tool's testcase order when that is certain, else nil.
    public var name: String?
    public var status: NvbandwidthStatus
    /// `memcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)`.
    public var description: String?
    /// `GB/s`, or `ns` for the latency testcases (the unit in the description's last parentheses).
    public var unit: String?
    /// `CPU` or `GPU`: what the rows and the columns are, from `CPU(row)` / `GPU(column)`.
    public var rowKind: String?
    public var columnKind: String?
    /// Labels as the tool printed them (`0`, `1`, …).
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `values[row][column]`; nil where the tool printed `N/A`.
    public var values: [[Double?]]
    /// The `SUM name value` line (text) or `sum` (JSON).
    public var sum: Double?
    /// The message after `Waived:` / `Error:`, or the JSON `error`.
    public var message: String?

    public init(name: String?, status: NvbandwidthStatus, description: String? = nil, unit: String? = nil,
                rowKind: String? = nil, columnKind: String? = nil, rowLabels: [String] = [],
                columnLabels: [String] = [], values: [[Double?]] = [], sum: Double? = nil, message: String? = nil) {
        self.name = name; self.status = status; self.description = description; self.unit = unit
        self.rowKind = rowKind; self.columnKind = columnKind; self.rowLabels = rowLabels
        self.columnLabels = columnLabels; self.values = values; self.sum = sum; self.message = message
    }

    /// Lower is better for latencies (`ns`), higher for bandwidths.
    public var lowerIsBetter: Bool { unit == "ns" }
}

/// A testcase's outcome as nvbandwidth names it (`Passed`, `Waived`, `Not Found`, `Error`).
public enum NvbandwidthStatus: String, Sendable, Codable, Equatable {
    case passed = "Passed"
    /// The testcase does not apply here (the device-to-device ones on one GPU).
    case waived = "Waived"
    case notFound = "Not Found"
    case error = "Error"
    /// Started (`Running …`) but no result followed: the output was cut off.
    case incomplete = "Incomplete"
}

/// One matrix cell with its direction made explicit: who sent and who received.
public struct NvbandwidthCell: Sendable, Codable, Equatable {
    public var testcase: String
    /// `CPU0`, `GPU3`: the kind from the description and the tool's label.
    public var source: String
    public var destination: String
    public var value: Double
    public var unit: String

    public init(testcase: String, source: String, destination: String, value: Double, unit: String) {
        self.testcase = testcase; self.source = source; self.destination = destination
        self.value = value; self.unit = unit
    }
}

extension NvbandwidthTestcase {
    /// Every measured cell. The description's arrow gives the direction: `row -> column` names the
    /// row as source, `row <- column` the column; `CPU(row) <-> GPU(column)` (bidirectional: one
    /// copy measured while the other runs) takes the measured copy's direction from the name. A one-sided description
    /// (`memcpy local GPU(column)`) is the column to itself.
    public var cells: [NvbandwidthCell] {
        guard let name, let unit else { return [] }
        let text = description ?? ""
        // `CPU(row) <-> GPU(column)` is printed for both bidirectional host cases; the name says
        // which copy was measured.
        let bidirectionalToHost = text.contains(") <-> ") && rowKind == "CPU"
            && (name.hasPrefix("device_to_host") || name.hasPrefix("all_to_host"))
        let towardsRow = text.contains(") <- ") || bidirectionalToHost
        var out: [NvbandwidthCell] = []
        for (rowIndex, row) in values.enumerated() {
            for (columnIndex, value) in row.enumerated() {
                guard let value, value.isFinite else { continue }
                let rowName = (rowKind ?? "") + (rowIndex < rowLabels.count ? rowLabels[rowIndex] : String(rowIndex))
                let columnName = (columnKind ?? "")
                    + (columnIndex < columnLabels.count ? columnLabels[columnIndex] : String(columnIndex))
                let (source, destination): (String, String)
                if rowKind == nil { (source, destination) = (columnName, columnName) }
                else if towardsRow { (source, destination) = (columnName, rowName) }
                else { (source, destination) = (rowName, columnName) }
                out.append(NvbandwidthCell(testcase: name, source: source, destination: destination,
                                           value: value, unit: unit))
            }
        }
        return out
    }
}

extension NvbandwidthReport {
    /// The metric series of the report, one per cell: `nvbandwidth.<testcase>` with labels
    /// `source` and `destination`; GB/s higher-is-better, ns lower-is-better. The comparison
    /// with a baseline and the fleet check read them like any other metric.
    public var metricValues: [MetricValue] {
        testcases.filter { $0.status == .passed }.flatMap { testcase in
            testcase.cells.map { cell in
                MetricValue(name: Self.metricPrefix + cell.testcase, value: cell.value, unit: cell.unit,
                            direction: testcase.lowerIsBetter ? .lower : .higher,
                            labels: ["source": cell.source, "destination": cell.destination])
            }
        }
    }

    public static let metricPrefix = "nvbandwidth."
}
