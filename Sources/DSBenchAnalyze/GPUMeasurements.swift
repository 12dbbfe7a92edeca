import DSBenchCore

/// What was measured per GPU, for the per-node × GPU tables of `show` and the report: the best
/// host↔device copy against the GPU's PCIe link, and the micro-benchmark series the catalogue has
/// figures for (GEMM per dtype, memory bandwidth) against the figure for the GPU's model. Numbers
/// only: whether any of them fails is the verdict's (its checks name the GPU).
public struct GPUMeasurements: Sendable, Equatable {
    public struct HostCopyRow: Sendable, Equatable {
        public var node: String
        public var gpu: Int
        public var hostToDevice: Double?
        public var deviceToHost: Double?
        /// `gen5 x16 of gen5 x16` (current of max), from the inventory; nil without one.
        public var link: String?
        /// GB/s per direction of the link at its maximum generation and width.
        public var capacity: Double?
        /// The slower direction ÷ capacity.
        public var fractionOfLink: Double?
    }

    /// A micro-benchmark series without its GPU and mode: `gemm_tflops{dtype=bf16}`.
    public struct MicroColumn: Sendable, Equatable {
        public var name: String
        public var unit: String
    }

    public struct MicroCell: Sendable, Equatable {
        /// Per mode (`alone`, `all`; empty when the series has no mode), in the order measured.
        public var values: [ModeValue]
        /// The catalogue's figure for the GPU's model, if any.
        public var expected: Double?
        /// The worst value ÷ expected (for a `lower` figure: expected ÷ worst), if there is a figure.
        public var fractionOfExpected: Double?
    }

    public struct ModeValue: Sendable, Equatable {
        public var mode: String
        public var value: Double
    }

    public struct MicroRow: Sendable, Equatable {
        public var node: String
        public var gpu: Int
        /// Aligned with `microColumns`; nil where this GPU has no value.
        public var cells: [MicroCell?]
    }

    public var hostCopies: [HostCopyRow] = []
    public var microColumns: [MicroColumn] = []
    public var microRows: [MicroRow] = []

    public var isEmpty: Bool { hostCopies.isEmpty && microRows.isEmpty }

    public init(hostCopies: [HostCopyRow] = [], microColumns: [MicroColumn] = [], microRows: [MicroRow] = []) {
        self.hostCopies = hostCopies; self.microColumns = microColumns; self.microRows = microRows
    }

    /// Pure: the run's inventory, host↔device copies and catalogue-judged metrics in, rows sorted
    /// by node and GPU out.
    public static func build(gpus: [HealthGPU], copies: [HealthHostCopy], metrics: [HealthMetric],
                             catalogue: [ExpectedMetric]) -> GPUMeasurements {
        var result = GPUMeasurements()
        let lookup = HealthInput(gpus: gpus)
        var hostRows: [String: HostCopyRow] = [:]
        for copy in HealthHostCopy.best(copies) {
            let key = "\(copy.node)\u{0}\(copy.gpu)"
            var row = hostRows[key] ?? HostCopyRow(node: copy.node, gpu: copy.gpu)
            if copy.direction == .hostToDevice { row.hostToDevice = copy.gigabytesPerSecond } else { row.deviceToHost = copy.gigabytesPerSecond }
            hostRows[key] = row
        }
        result.hostCopies = hostRows.values.map { row in
            var row = row
            if let gpu = lookup.gpu(node: row.node, index: row.gpu), let link = LinkReading(gpu) {
                row.link = link.reportedText
                row.capacity = link.capacity
                let slower = [row.hostToDevice, row.deviceToHost].compactMap { $0 }.min()
                if let slower, let capacity = row.capacity, capacity > 0 { row.fractionOfLink = slower / capacity }
            }
            return row
        }.sorted { ($0.node, $0.gpu) < ($1.node, $1.gpu) }

        var columns: [String: MicroColumn] = [:]
        var columnOrder: [String] = []
        var cells: [String: [String: MicroCell]] = [:]   // GPU key → column → cell
        var gpuKeys: [String: (node: String, gpu: Int)] = [:]
        for measured in ExpectedMetricLookup.summaries(metrics) {
            guard let gpu = measured.gpu else { continue }
            var series = measured.metric
            let mode = series.labels["mode"] ?? ""
            series.labels["mode"] = nil
            let column = ExpectedMetricLookup.seriesName(series)
            if columns[column] == nil {
                columnOrder.append(column)
                columns[column] = MicroColumn(name: column, unit: series.unit)
            }
            let gpuKey = "\(measured.node)\u{0}\(gpu)"
            gpuKeys[gpuKey] = (measured.node, gpu)
            var cell = cells[gpuKey]?[column] ?? MicroCell(values: [])
            cell.values.append(ModeValue(mode: mode, value: measured.metric.value))
            if let model = ExpectedMetricLookup.gpuModel(of: measured, input: lookup),
               let figure = catalogue.first(where: { $0.matches(model: model, name: measured.metric.name, seriesLabels: measured.metric.labels) }) {
                cell.expected = figure.value
                let fraction = figure.direction == .higher ? measured.metric.value / figure.value : figure.value / measured.metric.value
                cell.fractionOfExpected = min(cell.fractionOfExpected ?? fraction, fraction)
            }
            cells[gpuKey, default: [:]][column] = cell
        }
        result.microColumns = columnOrder.compactMap { columns[$0] }
        result.microRows = gpuKeys.sorted { ($0.value.node, $0.value.gpu) < ($1.value.node, $1.value.gpu) }.map { key, place in
            MicroRow(node: place.node, gpu: place.gpu, cells: columnOrder.map { cells[key]?[$0] })
        }
        return result
    }
}
