import DSBenchReport
import DSBenchTestSupport
import Foundation
import Testing

/// The HTML report in real headless Chromium: it renders (a screenshot comes out), logs nothing
/// to the console, asks the network for nothing, and its script ran.
@Suite(.serialized) struct HTMLChromiumTests {
    static let missing = "chromium not found: apt-get install chromium (.ci/run installs it)"

    @Test func reportOpensCleanlyInChromium() throws {
        let chromium = try #require(HeadlessChromium.find(), Comment(rawValue: Self.missing))
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store, baselines: [fleet.baselineRunID])
        let page = try ReportWriter.write(model, formats: [.html], to: fleet.directory.appendingPathComponent("report").path)
        let visit = try chromium.visit(URL(fileURLWithPath: try #require(page.first)), scratch: fleet.directory)

        let png = try #require(visit.screenshot)
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count > 20_000)  // a blank 1400×2000 page compresses to a few kB
        #expect(visit.consoleLines == [])
        #expect(visit.networkRequests == [])
        #expect(visit.dom.contains("Verdict: FAIL: 1 check failed: fleet.outlier on h200-c"))
        #expect(visit.dom.contains("title=\"sort\""))  // the sorting script ran to its end
    }

    /// The checks above can fail: a page that loads an image over http and throws is caught.
    @Test func aPageThatFetchesAndThrowsIsCaught() throws {
        let chromium = try #require(HeadlessChromium.find(), Comment(rawValue: Self.missing))
        let scratch = try makeScratchDirectory("dsbench-chromium")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let page = scratch.appendingPathComponent("bad.html")
        try Data("""
            <!DOCTYPE html><html><body><p>bad</p><img src="http://127.0.0.1:9/pixel.png" alt="">
            <script>notDefinedAnywhere();</script></body></html>
            """.utf8).write(to: page)
        let visit = try chromium.visit(page, scratch: scratch)
        #expect(visit.networkRequests.contains("http://127.0.0.1:9/pixel.png"))
        #expect(visit.consoleLines.contains { $0.contains("notDefinedAnywhere") })
    }
}
