@testable import DSBenchReport
import DSBenchStore
import Foundation
import Testing

@Suite struct ReportPartsTests {
    @Test func toleranceBandsSplitAtFourAndSixtyFourMiB() {
        let bands = ToleranceBands.default
        #expect(bands.band(for: 8).tolerance == 0.70)
        #expect(bands.band(for: 4 << 20).tolerance == 0.70)
        #expect(bands.band(for: (4 << 20) + 1).tolerance == 0.15)
        #expect(bands.band(for: (64 << 20) - 1).tolerance == 0.15)
        #expect(bands.band(for: 64 << 20).tolerance == 0.05)
        #expect(bands.band(for: 8 << 30).tolerance == 0.05)
    }

    @Test func sizeLabels() {
        #expect(SizeLabel.text(8) == "8 B")
        #expect(SizeLabel.text(1024) == "1 KiB")
        #expect(SizeLabel.text(1536) == "1.5 KiB")
        #expect(SizeLabel.text(32 << 20) == "32 MiB")
        #expect(SizeLabel.text(8 << 30) == "8 GiB")
    }

    @Test func minMaxBucketsKeepASingleSpike() {
        var points = (0..<3600).map { TimePoint(t: Double($0), value: 50 + Double($0 % 7)) }
        points[1234].value = 999
        points[2345].value = -5
        let reduced = Downsample.minMax(points, buckets: 100)
        #expect(reduced.count <= 200)
        #expect(reduced.contains(TimePoint(t: 1234, value: 999)))
        #expect(reduced.contains(TimePoint(t: 2345, value: -5)))
        #expect(zip(reduced, reduced.dropFirst()).allSatisfy { $0.t < $1.t })
        #expect(Downsample.minMax(Array(points.prefix(150)), buckets: 100).count == 150)  // short series untouched
    }

    @Test func dmonTimestamps() {
        #expect(SampleTime.seconds(Array("2026-11-22 09:48:45".utf8)) == 1_795_340_925)  // 2026-11-22T09:48:45Z
        #expect(SampleTime.seconds(Array("09:48:45".utf8)) == 946_720_125)  // 2000-01-01T09:48:45Z
        #expect(SampleTime.seconds(Array("2026-13-22 09:48:45".utf8)) == nil)
        #expect(SampleTime.seconds(Array("2026-11-22 25:00:00".utf8)) == nil)
        #expect(SampleTime.seconds(Array("garbage".utf8)) == nil)
        #expect(SampleTime.seconds(Array("99999999999-01-01 00:00:00".utf8)) == nil)
    }

    @Test func svgNumbersAndTicks() {
        #expect(SVGText.coordinate(12.34) == "12.3")
        #expect(SVGText.coordinate(-0.04) == "0")
        #expect(SVGText.coordinate(7) == "7")
        #expect(SVGText.coordinate(.nan) == "0")
        #expect(SVGText.value(366.835) == "367")
        #expect(SVGText.value(24.3) == "24.3")
        #expect(SVGText.value(3.7) == "3.70")
        #expect(SVGText.niceTicks(low: 0, high: 366.9) == [0, 100, 200, 300, 400])
        #expect(SVGText.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }

    @Test func formatListsAndDefaultFolder() {
        #expect(ReportFormat.parseList("html,md").formats == [.html, .md])
        #expect(ReportFormat.parseList("markdown, json,json").formats == [.md, .json])
        #expect(ReportFormat.parseList("html,pdf").unknown == "pdf")
        #expect(ReportWriter.defaultDirectory(suite: "nightly", runID: 7) == "reports/nightly-7")
        #expect(ReportWriter.defaultDirectory(suite: "a b/c", runID: 2) == "reports/a-b-c-2")
    }
}
