import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// `nvidia-smi dmon -s pucvmet -o DT -d 1` on 8×H200, stopped with SIGTERM mid-line.
@Suite struct DmonParserTests {
    static let capture = "f_dmon_pucvmet_during_allreduce.txt"

    @Test func realTextCaptureColumnsAndSamples() throws {
        let dmon = DmonParser.parse(try Fixtures.h200(Self.capture))
        #expect(dmon.columns.count == 24)
        #expect(Array(dmon.columns.prefix(4)) == ["date", "time", "gpu", "pwr"])
        #expect(dmon.columns.last == "txpci")
        #expect(dmon.units.first == "YYYYMMDD")
        #expect(dmon.units[3] == "W")
        // 195 lines: 5 headers of 2 lines, 184 complete rows, 1 row cut by the kill.
        #expect(dmon.samples.count == 184)
        #expect(Set(dmon.samples.map(\.gpu)) == Set(0..<8))
        #expect(dmon.samples.last?.round == 22)
        let perRound = Dictionary(grouping: dmon.samples, by: \.round).mapValues(\.count)
        #expect(perRound.count == 23 && perRound.values.allSatisfy { $0 == 8 })
        #expect(dmon.samples.allSatisfy { $0.values.count == 21 })
    }

    @Test func realTextCaptureFirstAndPeakSamples() throws {
        let dmon = DmonParser.parse(try Fixtures.h200(Self.capture))
        let first = try #require(dmon.samples.first)
        #expect(first.gpu == 0 && first.round == 0 && first.line == 3)
        #expect(first.timestamp == "2026-11-22 09:48:45")
        #expect(first.values["pwr"] == 126)
        #expect(first.values["gtemp"] == 38)
        #expect(first.values["pclk"] == 1980)
        #expect(first.values["mclk"] == 3201)
        #expect(first.values["bar1"] == 1)
        // The busiest moment of the all_reduce: line 135.
        let peak = try #require(dmon.samples.max { ($0.values["pwr"] ?? 0) ?? 0 < ($1.values["pwr"] ?? 0) ?? 0 })
        #expect(peak.line == 135 && peak.gpu == 0)
        #expect(peak.timestamp == "2026-11-22 09:49:08")
        #expect(peak.values["pwr"] == 312 && peak.values["sm"] == 100 && peak.values["fb"] == 25969)
    }

    @Test func realTextCaptureReportsTheCutLastLineOnly() throws {
        let dmon = DmonParser.parse(try Fixtures.h200(Self.capture))
        #expect(dmon.diagnostics.count == 1)
        let cut = try #require(dmon.diagnostics.first)
        #expect(cut.line == 195 && cut.severity == .warning)
        #expect(cut.message.contains("22 of 24"))
    }

    @Test func headerReprintedInsideARoundKeepsTheRound() throws {
        // The real capture reprints its header between GPU 3 and GPU 4 of 09:48:53 (line 47).
        let dmon = DmonParser.parse(try Fixtures.h200(Self.capture))
        let before = try #require(dmon.samples.first { $0.line == 46 })
        let after = try #require(dmon.samples.first { $0.line == 49 })
        #expect(before.gpu == 3 && after.gpu == 4)
        #expect(before.round == after.round)
        #expect(after.timestamp == "2026-11-22 09:48:53")
    }

    @Test func realCSVCapture() throws {
        let dmon = DmonParser.parse(try Fixtures.h200("f_dmon_format_csv_c3.txt"))
        #expect(dmon.columns == ["gpu", "pwr", "gtemp", "mtemp", "sm", "mem", "enc", "dec", "jpg", "ofa", "mclk", "pclk"])
        #expect(dmon.units == ["Idx", "W", "C", "C", "%", "%", "%", "%", "%", "%", "MHz", "MHz"])
        #expect(dmon.samples.count == 24)
        #expect(dmon.samples.map(\.round) == (0..<24).map { $0 / 8 })
        #expect(dmon.samples.allSatisfy { $0.timestamp == nil })
        #expect(dmon.diagnostics.isEmpty)
        let first = try #require(dmon.samples.first)
        #expect(first.gpu == 0 && first.values["pwr"] == 81 && first.values["mtemp"] == 37 && first.values["pclk"] == 345)
        let last = try #require(dmon.samples.last)
        #expect(last.gpu == 7 && last.values["gtemp"] == 34 && last.line == 26)
    }

    @Test func noheaderCSVNeedsColumnNames() throws {
        let full = try Fixtures.h200("f_dmon_format_csv_c3.txt")
        let noheader = full.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") + "\n"
        let unnamed = DmonParser.parse(noheader)
        #expect(unnamed.samples.isEmpty)
        #expect(unnamed.diagnostics.first?.message.contains("before any dmon header") == true)
        // 24 skipped rows: 20 shown, "no header and no samples", then one summary line.
        #expect(unnamed.diagnostics.count == 22)
        #expect(unnamed.diagnostics.last?.message == "4 more 'no header' diagnostics not shown")
        let named = DmonParser.parse(noheader, columns: DmonParser.parse(full).columns)
        #expect(named.diagnostics.isEmpty)
        #expect(named.samples.map(\.values) == DmonParser.parse(full).samples.map(\.values))
        #expect(named.samples.map(\.round) == DmonParser.parse(full).samples.map(\.round))
    }

    @Test func oldFiveWideLayoutWithDashes() {
        let text = """
        # gpu   pwr  temp    sm   mem   enc   dec  mclk  pclk pviol tviol    fb  bar1 sbecc dbecc   pci rxpci txpci
        # Idx     W     C     %     %     %     %   MHz   MHz     %  bool    MB    MB  errs  errs  errs  MB/s  MB/s
            0     -    50    91    66     0     0  3504  1784     0     0  3945     2     -     -     0  1732   535
            1    61    48    90    65     0     0  3504  1784     0     0  3945     2     -     -     0  1700   530
            0    60    51    92    66     0     0  3504  1784     0     0  3945     2     -     -     0  1731   536
        """
        let dmon = DmonParser.parse(text)
        #expect(dmon.columns.count == 18 && dmon.columns[2] == "temp")
        #expect(dmon.samples.map(\.round) == [0, 0, 1])
        let first = dmon.samples[0]
        #expect(first.values["pwr"] == .some(nil))
        #expect(first.values["sbecc"] == .some(nil))
        #expect(first.values["temp"] == 50 && first.values["rxpci"] == 1732)
        #expect(first.timestamp == nil)
        // The last row has no newline and no trailing space, like every row before it: kept.
        #expect(dmon.samples.count == 3)
        #expect(dmon.diagnostics.map(\.severity) == [.note])
    }

    @Test func headerWithOtherColumnsReplacesTheLayout() throws {
        let real = try Fixtures.h200(Self.capture).split(separator: "\n", omittingEmptySubsequences: false)
        let text = real.prefix(10).joined(separator: "\n") + "\n" + """
        #Time        gpu    pwr  smutil   newcol
        #HH:MM:SS    Idx      W  GPM:%        x
         09:50:01      0    200     55.5     7
         09:50:01      1      -      -       8

        """
        let dmon = DmonParser.parse(text)
        #expect(dmon.columns == ["time", "gpu", "pwr", "smutil", "newcol"])
        #expect(dmon.units == ["HH:MM:SS", "Idx", "W", "GPM:%", "x"])
        #expect(dmon.samples.count == 10)
        let late = dmon.samples[8]
        #expect(late.timestamp == "09:50:01" && late.round == 1 && late.line == 13)
        #expect(late.values == ["pwr": 200, "smutil": 55.5, "newcol": 7])
        #expect(dmon.samples[9].values["pwr"] == .some(nil) && dmon.samples[9].values["newcol"] == 8)
        #expect(dmon.diagnostics.isEmpty)
    }

    @Test func crlfAndBlankLinesGiveTheSameSamples() throws {
        let real = try Fixtures.h200(Self.capture)
        let reference = DmonParser.parse(real)
        let crlf = DmonParser.parse(real.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.samples == reference.samples)
        #expect(crlf.diagnostics == reference.diagnostics)
        let spaced = DmonParser.parse(real.replacingOccurrences(of: "\n", with: "\n\n"))
        #expect(spaced.samples.map(\.values) == reference.samples.map(\.values))
        #expect(spaced.samples.map(\.round) == reference.samples.map(\.round))
        #expect(spaced.samples.first?.line == 5)
    }

    @Test func everyTruncationKeepsOnlyCompleteRows() throws {
        let bytes = Array(try Fixtures.data("h200-x8/" + Self.capture))
        let reference = DmonParser.parse(bytes).samples
        // Every cut inside the first rows, then a stride across the whole file.
        let offsets = Array(0..<1300) + Array(stride(from: 1300, to: bytes.count, by: 97))
        for offset in offsets {
            let samples = DmonParser.parse(Array(bytes[..<offset])).samples
            #expect(samples.count <= reference.count)
            #expect(samples == Array(reference.prefix(samples.count)), "cut at byte \(offset)")
        }
    }

    @Test func badRowsAreDroppedWithDiagnostics() {
        let text = """
        #Date       Time        gpu    pwr
        #YYYYMMDD   HH:MM:SS    Idx      W
         20261122   09:48:45      0    126
         20261122   09:48:45      x    126
         20261122   09:48:45      1    126    99
         20261122   09:48:45      2    abc
        Failed to process command line.
         20261122   09:48:46      0    1e400

        """
        let dmon = DmonParser.parse(text)
        #expect(dmon.samples.map(\.gpu) == [0, 2, 0])
        #expect(dmon.samples[1].values["pwr"] == .some(nil))
        #expect(dmon.samples[2].values["pwr"] == .some(nil) && dmon.samples[2].round == 1)
        #expect(dmon.diagnostics.compactMap(\.line) == [4, 5, 6, 7, 8])
    }

    @Test func emptyAndRandomInput() {
        let empty = DmonParser.parse("")
        #expect(empty.samples.isEmpty && empty.columns.isEmpty)
        #expect(empty.diagnostics.count == 1)
        var random = SmiSplitMix64(seed: 0xD40)
        for _ in 0..<50 {
            let bytes = random.bytes(count: random.below(2000))
            let dmon = DmonParser.parse(bytes)
            #expect(dmon.samples.allSatisfy { $0.line >= 1 && $0.line <= bytes.count + 1 })
        }
    }
}
