import DSBenchCore
import DSBenchEngine
import DSBenchParse
import DSBenchReport
import DSBenchTestSupport
import Foundation
import Testing

/// The streamed `parse nccl-tests` output against what the command printed before it streamed:
/// `NcclTestsParseJSON.render` of the whole report, through `TerminalText`.
@Suite struct NcclTestsStreamJSONTests {
    static let captures: [String] = {
        let folder = Fixtures.url("h200-x8")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { folder.appendingPathComponent($0).path }
    }()

    static func streamed(_ bytes: [UInt8], format: NcclTestsStreamJSON.Format = .json,
                         flushAt: Int = 1 << 20) -> (text: String, streamed: NcclTestsParser.Streamed) {
        var output: [UInt8] = []
        var out = JSONBytes(flushAt: flushAt) { output.append(contentsOf: $0) }
        var table = NcclTestsStreamJSON.Rows(expectedRows: 4)
        let streamed = bytes.withUnsafeBufferPointer { buffer in
            NcclTestsParser.parse(streaming: buffer, keepingDebugLines: false) { batch in
                for row in batch {
                    if format == .json { table.append(row) } else { NcclTestsStreamJSON.writeLine(row, to: &out) }
                }
            }
        }
        if format == .json {
            NcclTestsStreamJSON.writeJSON(streamed.report, rows: table, to: &out)
        } else {
            NcclTestsStreamJSON.writeSummaryLine(streamed.report, rowCount: streamed.rowCount, to: &out)
        }
        out.flushNow()
        return (String(decoding: output, as: UTF8.self), streamed)
    }

    static func rendered(_ bytes: [UInt8]) -> String {
        TerminalText.escape(NcclTestsParseJSON.render(NcclTestsParser.parse(bytes)), keepingLineBreaks: true)
    }

    @Test func everyCaptureStreamsToTheSameText() throws {
        #expect(Self.captures.count > 20, "the captures were found")
        var all: [UInt8] = []
        for path in Self.captures {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            all += bytes + [0x0A]
            #expect(Self.streamed(bytes).text == Self.rendered(bytes), "\(path)")
        }
        // Several thousand rows: more than one batch of the parser, many flushes of the writer.
        let log = (0..<12).flatMap { _ in all }
        let (text, streamed) = Self.streamed(log, flushAt: 4096)
        #expect(streamed.rowCount > 2048, "\(streamed.rowCount)")
        #expect(text == Self.rendered(log))
        let whole = NcclTestsParser.parse(log)
        #expect(streamed.rowCount == whole.rows.count)
        #expect(streamed.debugLineCount == whole.ncclDebugLines.count)
        #expect(streamed.recordCount == RecordCount.of(.ncclTests(whole)))
        #expect(streamed.report.diagnostics == whole.diagnostics)
    }

    /// Control characters, C1, bidirectional overrides, quotes and backslashes in the strings the
    /// JSON carries (host, device name): escaped as JSON, then as the terminal escaping did.
    @Test func hostileStringsEscapeAsBefore() {
        let text = "# nThread 1 nGpus 1 minBytes 8 maxBytes 8 step: 2(factor) warmup iters: 1 iters: 1 "
            + "agg iters: 1 validation: 1 graph: 0 unalign: 0\n"
            + "#  Rank  0 Group  0 Pid   1 on  h\u{9B}\u{2067}\u{202E}\"\\\u{1B}[31m device  0 [0000:00:06] NVIDIA\u{7F} H200\u{85}é\n"
        let bytes = Array(text.utf8)
        let (streamed, _) = Self.streamed(bytes)
        #expect(streamed == Self.rendered(bytes))
        #expect(streamed.contains("\\u009B") && streamed.contains("\\u202E") && streamed.contains("\\u007f"), "\(streamed)")
    }

    @Test func jsonlLinesAreTheRowsThenTheRest() throws {
        let path = Self.captures.first { $0.hasSuffix("b_all_reduce_8-8G_r1.txt") }!
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(Self.streamed(bytes).text.utf8)) as? [String: Any])
        let lines = Self.streamed(bytes, format: .jsonl).text.split(separator: "\n")
        let rows = try #require(json["rows"] as? [Any])
        #expect(lines.count == rows.count + 1)
        // Compared as sorted-key serialisations: NSDictionary equality of bridged nested arrays
        // is unreliable on Linux.
        func canonical(_ value: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }
        for (line, row) in zip(lines, rows) {
            #expect(try canonical(try JSONSerialization.jsonObject(with: Data(line.utf8))) == canonical(row))
        }
        var rest = json
        rest["rows"] = nil
        rest["row_count"] = rows.count
        #expect(try canonical(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8))) == canonical(rest))
        #expect(rows.count == 31)
    }

    /// `JSONBytes.double` writes what `Double.description` writes, on the values its fast path
    /// takes (decimals of up to 6 fraction digits) and on those it leaves to `description`.
    @Test func doublesAreWrittenAsDescriptionWrites() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed }
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 0.0001, 0.00009999, 1e-5, 8_589_934_591.5, 8_589_934_592,
                                1e15, 1e16, 0.30000000000000004, 48.6, 10347.3, 2.5e-5, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, 123456.789012, 0.000123]
        let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7]
        for _ in 0..<300_000 {
            let k = Int(next() % 8)
            let m = Double(next() % 100_000_000_000)
            values.append((next() & 1 == 0 ? 1 : -1) * m / powers[k])
            values.append(Double(bitPattern: next()))
        }
        var mismatches: [String] = []
        for value in values where value.isFinite {
            var out = JSONBytes(flushAt: 64) { _ in }
            out.double(value)
            let written = String(decoding: out.pending, as: UTF8.self)
            if written != value.description, mismatches.count < 5 { mismatches.append("\(value.description) → \(written)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
