import DSBenchAnalyze

/// The pair matrices of a run in text (`dsbench show`, the Markdown report): a grid of busbw in
/// GB/s with slow pairs marked `!`, then the culprits the analysis named. Renders only.
public enum PairMatrixText {
    /// Beyond this many members the grid is too wide for a terminal: the culprits and slow pairs only.
    static let gridLimit = 24

    public static func render(_ matrices: [PairMatrix]) -> String {
        guard !matrices.isEmpty else { return "" }
        var out = "\npair matrices\n"
        for matrix in matrices {
            out += "  \(matrix.series) (\(matrix.scope == .gpus ? "GPU" : "node") pairs): "
                + "\(matrix.cells.count) pairs, median \(number(matrix.fleetMedian)) GB/s"
                + (matrix.expectedBusbw.map { ", expected \(number($0)) GB/s for \(matrix.expectedHardware ?? "the hardware")" } ?? "")
                + "; slow (!) below \(number(matrix.slowBelow)) GB/s\n"
            if matrix.members.count <= gridLimit { out += grid(matrix) }
            for culprit in matrix.culprits { out += "    CULPRIT " + line(culprit, matrix) + "\n" }
            if matrix.culprits.isEmpty { out += "    no culprit: \(matrix.cells.filter(\.slow).count) slow pairs\n" }
        }
        return out
    }

    public static func line(_ culprit: PairCulprit, _ matrix: PairMatrix) -> String {
        let what = matrix.scope == .gpus ? "GPU" : "node"
        switch culprit.kind {
        case .member:
            return "\(what) \(culprit.members[0]): slow in all \(culprit.pairs) of its pairs"
        case .link:
            return "link or path \(culprit.members.joined(separator: " ↔ ")): the only slow pair of both"
                + (culprit.path.map { " (\($0))" } ?? "")
        }
    }

    static func grid(_ matrix: PairMatrix) -> String {
        let width = max(7, (matrix.members.map(\.count).max() ?? 0) + 1)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var out = "    " + pad("") + matrix.members.map(pad).joined() + "\n"
        for row in matrix.members {
            out += "    " + pad(row)
            for column in matrix.members {
                if row == column { out += pad("-"); continue }
                guard let cell = matrix.cell(row, column) else { out += pad("."); continue }
                out += pad(number(cell.busbw) + (cell.slow ? "!" : " "))
            }
            out += "\n"
        }
        return out
    }

    static func number(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)
    }
}
