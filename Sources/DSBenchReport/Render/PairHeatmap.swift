import DSBenchAnalyze

/// A pair matrix as a heatmap spec: member × member, each cell's busbw against the pairs' median,
/// the culprits' rows outlined and named in the title. Renders only what `PairAnalysis` decided.
enum PairHeatmap {
    static func spec(_ matrix: PairMatrix) -> HeatmapSpec {
        let culprits = matrix.culprits.map { PairMatrixText.line($0, matrix) }
        let title = "\(matrix.series): busbw of each pair vs the median \(PairMatrixText.number(matrix.fleetMedian)) GB/s"
            + (culprits.isEmpty ? "" : " — culprit: " + culprits.joined(separator: "; "))
        let cells: [[HeatmapSpec.Cell?]] = matrix.members.map { row in
            matrix.members.map { column in
                guard row != column, let cell = matrix.cell(row, column) else { return nil }
                return HeatmapSpec.Cell(ratio: matrix.ratioToMedian(cell),
                                        title: "\(cell.a)+\(cell.b): \(PairMatrixText.number(cell.busbw)) GB/s"
                                            + (cell.slow ? " (slow)" : ""))
            }
        }
        var spec = HeatmapSpec(title: title, rowLabels: matrix.members, columnLabels: matrix.members, cells: cells)
        let blamed = Set(matrix.culprits.filter { $0.kind == .member }.flatMap(\.members)
                         + matrix.culprits.filter { $0.kind == .link }.flatMap(\.members))
        spec.failedRows = Set(matrix.members.indices.filter { blamed.contains(matrix.members[$0]) })
        return spec
    }
}
