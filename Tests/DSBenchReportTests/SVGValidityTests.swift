import DSBenchReport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Every inline `<svg>` of the HTML report is well-formed XML with the SVG namespace.
@Suite struct SVGValidityTests {
    @Test func everyChartParses() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store, baselines: [fleet.baselineRunID])
        let html = HTMLReport().render(model)
        let svgs = Self.svgElements(html)
        // 5 collectives (busbw and time each) + 1 heatmap + 5 dmon metrics + 1 trend.
        #expect(svgs.count == 17)
        for svg in svgs {
            let checker = SVGChecker()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = checker
            parser.shouldProcessNamespaces = true
            let ok = parser.parse()
            #expect(ok, "SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "?") in \(svg.prefix(200))")
            #expect(checker.root == "svg")
            #expect(checker.namespace == "http://www.w3.org/2000/svg")
            #expect(checker.titles > 0)
        }
    }

    @Test func theCheckerRejectsBrokenMarkup() {
        let parser = XMLParser(data: Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>a < b</title></svg>".utf8))
        #expect(!parser.parse())
    }

    static func svgElements(_ html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }
}

final class SVGChecker: NSObject, XMLParserDelegate {
    var root: String?
    var namespace: String?
    var titles = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name; namespace = namespaceURI }
        if name == "title" { titles += 1 }
    }
}
