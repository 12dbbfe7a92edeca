import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench export csv`: RFC 4180, read back by the test's own reader and compared with the store.
@Suite struct CSVTests {
    /// RFC 4180's grammar: records end in CRLF; a quoted field may hold commas, CRLF and `""`.
    static func read(_ text: String) throws -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var scalars = Array(text.unicodeScalars)[...]
        var quoted = false, atFieldStart = true
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { scalars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where atFieldStart: quoted = true; atFieldStart = false
            case ",": record.append(field); field = ""; atFieldStart = true
            case "\r":
                guard scalars.popFirst() == "\n" else { throw CSVError(description: "CR without LF") }
                record.append(field); records.append(record); record = []; field = ""; atFieldStart = true
            case "\n", "\"": throw CSVError(description: "bare \(c == "\n" ? "LF" : "quote") outside a quoted field")
            default: field.unicodeScalars.append(c); atFieldStart = false
            }
        }
        guard !quoted, record.isEmpty, field.isEmpty else { throw CSVError(description: "the last record does not end in CRLF") }
        return records
    }

    struct CSVError: Error, CustomStringConvertible { let description: String }

    @Test func fieldsWithCommasQuotesAndLineBreaksAreQuoted() throws {
        let table = CSVTable(header: ["a", "b", "c"], rows: [["plain", "with, comma", "say \"hi\""], ["line\nbreak", "", "cr\r\nlf"]])
        let text = CSVText().render(table)
        #expect(text == "a,b,c\r\nplain,\"with, comma\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",,\"cr\r\nlf\"\r\n")
        #expect(try Self.read(text) == [table.header] + table.rows)
    }

    @Test func everyTableOfTheFleetRunReadsBackAsStored() throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        let fleet = try #require(fixtures.run("fleet"))
        let judgement = { try RunJudgement.current(runID: fleet.runID, store: fleet.store) }
        func table(_ kind: CSVTableKind) throws -> [[String]] {
            let table = try CSVTables.load(kind, runID: fleet.runID, judgement: judgement, store: fleet.store)
            let records = try Self.read(CSVText().render(table))
            #expect(records.allSatisfy { $0.count == table.header.count }, "\(kind): ragged records")
            return records
        }

        let nccl = try table(.nccl)
        let steps = try #require(try fleet.store.runDetail(id: fleet.runID)).steps.filter { $0.nccl != nil }
        let stored = try steps.reduce(0) { $0 + (try fleet.store.ncclResults(stepID: $1.id)).count }
        #expect(nccl.count == stored + 1 && stored > 100)
        let header = nccl[0]
        let column = { (name: String) in header.firstIndex(of: name)! }
        let largest = try #require(nccl.first { $0[column("node")] == "h200-a" && $0[column("collective")] == "all_reduce" && $0[column("size_bytes")] == "8589934592" })
        let capture = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        let line = try #require(capture.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("8589934592 ") })
        let words = line.split(separator: " ").map(String.init)
        // size count type redop root time algbw busbw #wrong time algbw busbw #wrong
        #expect(Double(largest[column("oop_busbw_gbps")]) == Double(words[7]), "\(largest) vs \(words)")
        #expect(largest[column("count")] == words[1] && largest[column("type")] == words[2] && largest[column("oop_wrong")] == words[8])

        let dmon = try table(.dmon)
        #expect(dmon.count > 1 && dmon[0].prefix(5) == ["step_key", "node", "gpu", "round", "sampled_at"] && dmon[0].contains("sm"))

        let findings = try table(.findings)
        let storedFindings = try fleet.store.findings(runID: fleet.runID)
        #expect(findings.count == storedFindings.count + 1 && storedFindings.count > 0)
        // Evidence is log text and numbers with commas and quotes; it comes back as stored.
        for (record, finding) in zip(findings.dropFirst(), storedFindings) {
            #expect(record[1] == finding.finding.rule && record[7] == finding.finding.evidence && record[6] == finding.finding.message)
        }
        #expect(storedFindings.contains { $0.finding.evidence.contains(",") || $0.finding.message.contains(",") })

        let checks = try table(.checks)
        let verdict = try judgement().verdict
        #expect(checks.count == verdict.checks.count + 1)
        #expect(checks.dropFirst().map { $0[2] } == verdict.checks.map(\.outcome.rawValue))
        #expect(checks.dropFirst().contains { $0[0] == "fleet.outlier" && $0[2] == "fail" && $0[5] == "h200-c" })
    }
}
