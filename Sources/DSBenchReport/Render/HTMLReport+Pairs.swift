import DSBenchAnalyze

/// The pair matrices of a pairwise run as heatmaps, culprits called out.
extension HTMLReport {
    func pairs(_ report: ReportModel, into out: inout String) {
        guard !report.pairMatrices.isEmpty else { return }
        out += "<h2 id=\"pairs\">Pairs</h2>\n<p class=\"muted\">Each cell: the pair's busbw at the bandwidth band "
        out += "divided by the median over all pairs. Outlined rows are what the analysis blames.</p>\n"
        for matrix in report.pairMatrices {
            out += "<figure>" + HeatmapSVG.render(PairHeatmap.spec(matrix)) + "</figure>\n"
            if !matrix.culprits.isEmpty {
                out += "<ul class=\"problems\">"
                for culprit in matrix.culprits {
                    out += "<li class=\"fail\">CULPRIT \(SVGText.escape(PairMatrixText.line(culprit, matrix)))</li>"
                }
                out += "</ul>\n"
            }
        }
    }
}
