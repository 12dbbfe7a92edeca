import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// Variants built in the test from the real text of b_all_reduce_8-8G_r1: truncation, cuts,
/// glued NCCL output, launcher tags, CRLF, repeats.
@Suite("NcclTests variants of a real capture")
struct NcclTestsVariantTests {
    static func capture() throws -> String { try Fixtures.h200("b_all_reduce_8-8G_r1.txt") }
    static func lines() throws -> [Substring] { try capture().split(separator: "\n", omittingEmptySubsequences: false) }

    /// Rows without their line numbers, to compare tables laid out over different lines.
    static func values(_ rows: [NcclTestsRow]) -> [NcclTestsRow] {
        rows.map { var r = $0; r.line = 0; return r }
    }

    @Test("killed after a whole row: rows kept, incomplete, diagnostic")
    func truncatedAfterRow() throws {
        let text = try Self.lines().prefix(30).joined(separator: "\n") + "\n"
        let r = NcclTestsParser.parse(text)
        #expect(r.rows.count == 13)
        #expect(!r.complete)
        #expect(r.diagnostics.map(\.message) == ["no footer: run cut short after 13 rows"])
        #expect(r.diagnostics.first?.line == 30)
    }

    @Test("cut in the in-place half: out-of-place kept, in-place nil")
    func cutInPlace() throws {
        let lines = try Self.lines()
        let row = lines[47]   // the 8 GiB row
        let cut = row.prefix(91)   // `... 366.77       0    4096`: in-place time cut
        let r = NcclTestsParser.parse(lines.prefix(47).joined(separator: "\n") + "\n" + cut)
        #expect(r.rows.count == 31)
        let last = try #require(r.rows.last)
        #expect(last.size == 8_589_934_592)
        #expect(last.outOfPlace == NcclTestsMeasurement(timeUs: 40985.3, algbw: 209.59, busbw: 366.77, wrong: 0))
        #expect(last.inPlace == nil)
        #expect(r.diagnostics.contains { $0.line == 48 && $0.message.hasPrefix("row cut short") })
        #expect(r.diagnostics.last?.message == "no footer: run cut short after 31 rows")
    }

    @Test("cut in the out-of-place half: row dropped with a diagnostic")
    func cutOutOfPlace() throws {
        let lines = try Self.lines()
        for length in [20, 55, 70, 84, 85] {   // inside size; root; time; busbw; right after `#wrong`
            let r = NcclTestsParser.parse(lines.prefix(47).joined(separator: "\n") + "\n" + lines[47].prefix(length))
            #expect(r.rows.count == 30, "cut at \(length)")
            #expect(r.rows.last?.size == 4_294_967_296)
            if length > 20 {
                #expect(r.diagnostics.contains { $0.line == 48 && $0.message.hasPrefix("incomplete row dropped") })
            }
        }
    }

    @Test("NCCL INFO glued to a row preamble, body on a later line")
    func gluedPreamble() throws {
        var lines = try Self.lines()
        let original = NcclTestsParser.parse(try Self.capture())
        let row = lines[35]   // line 36: 2097152 bytes
        lines[35] = row.prefix(52) + "vm:3721:3790 [0] NCCL INFO Channel 00/0 : 0[0] -> 1[1] via P2P/direct pointer\n"
            + "vm:3721:3790 [1] NCCL INFO Connected all rings, use ring PXN 0 GDR 1\n" + row.dropFirst(52)
        let r = NcclTestsParser.parse(lines.joined(separator: "\n"))
        #expect(Self.values(r.rows) == Self.values(original.rows))
        #expect(r.rows[18].line == 36)
        #expect(r.rows[19].line == 39)
        #expect(r.ncclDebugLines == [
            NcclDebugLine(level: "INFO", host: "vm", pid: 3721, device: 0,
                          message: "Channel 00/0 : 0[0] -> 1[1] via P2P/direct pointer", line: 36),
            NcclDebugLine(level: "INFO", host: "vm", pid: 3721, device: 1,
                          message: "Connected all rings, use ring PXN 0 GDR 1", line: 37),
        ])
        #expect(r.diagnostics.isEmpty)
        #expect(r.complete)
    }

    @Test("NCCL INFO glued after the out-of-place body, and a WARN ending the preamble line")
    func gluedBodyAndWarn() throws {
        var lines = try Self.lines()
        let original = NcclTestsParser.parse(try Self.capture())
        let a = lines[40], b = lines[41]
        lines[40] = a.prefix(85) + "vm:3721:3800 [3] NCCL INFO Channel 01/0 : 3[3] -> 4[4] via P2P/direct pointer\n" + a.dropFirst(85)
        lines[41] = b.prefix(52) + "\n\n[2026-11-22 09:46:00] vm:3721:3801 [2] transport.cc:123 (ncclTransportP2pSetup) NCCL WARN Short read\n" + b.dropFirst(52)
        let r = NcclTestsParser.parse(lines.joined(separator: "\n"))
        #expect(Self.values(r.rows) == Self.values(original.rows))
        #expect(r.ncclDebugLines.map(\.level) == ["INFO", "WARN"])
        #expect(r.ncclDebugLines[0].device == 3)
        #expect(r.ncclDebugLines[1] == NcclDebugLine(level: "WARN", host: "vm", pid: 3721, device: 2,
                                                     message: "Short read", line: 45))
        #expect(r.diagnostics.isEmpty)
    }

    @Test("glued host found by printf columns when no device line names it")
    func gluedUnknownHost() throws {
        let lines = try Self.lines().filter { !$0.hasPrefix("#  Rank") }
        var edited = lines
        let row = edited[27]
        edited[27] = row.prefix(52) + "10-1-2-3:77:78 [5] NCCL INFO Init COMPLETE\n" + row.dropFirst(52)
        let r = NcclTestsParser.parse(edited.joined(separator: "\n"))
        let original = NcclTestsParser.parse(lines.joined(separator: "\n"))
        #expect(Self.values(r.rows) == Self.values(original.rows))
        #expect(r.ncclDebugLines.first?.host == "10-1-2-3")
        #expect(r.ncclDebugLines.first?.pid == 77)
    }

    @Test("launcher prefixes are stripped", arguments: ["[1,0]<stdout>:", "[1,0]<stderr>: ", "0: ", "  3: ", "[0] "])
    func launcherPrefix(_ prefix: String) throws {
        let plain = NcclTestsParser.parse(try Self.capture())
        let tagged = try Self.lines().map { prefix + $0 }.joined(separator: "\n")
        #expect(NcclTestsParser.parse(tagged) == plain)
    }

    @Test("CRLF line endings parse like LF")
    func crlf() throws {
        let text = try Self.capture()
        let r = NcclTestsParser.parse(text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(r == NcclTestsParser.parse(text))
        #expect(r.rows.count == 31)
    }

    @Test("repeated sweep (-N 2): the same sizes twice, in order")
    func repeatedSweep() throws {
        let lines = try Self.lines()
        let text = (lines[0..<48] + lines[17..<48] + lines[48...]).joined(separator: "\n")
        let r = NcclTestsParser.parse(text)
        #expect(r.rows.count == 62)
        #expect(r.rows[31].size == 8)
        #expect(r.rows[31].line == 49)
        #expect(r.complete && r.diagnostics.isEmpty)
    }

    @Test("bytes and String give the same report; invalid UTF-8 becomes U+FFFD")
    func bytesOverload() throws {
        let text = try Self.capture()
        #expect(NcclTestsParser.parse(Array(text.utf8)) == NcclTestsParser.parse(text))
        var bytes = Array(text.utf8)
        let at = try #require(text.utf8.firstIndex(of: UInt8(ascii: "H")).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) })
        bytes[at + 1] = 0xFF   // `NVIDIA H200` -> `NVIDIA H\u{FFFD}00`
        let r = NcclTestsParser.parse(bytes)
        #expect(r.devices.first?.name == "NVIDIA H\u{FFFD}00")
        #expect(r.rows.count == 31)
    }

    @Test("empty input and random binary: no crash, nothing found")
    func garbage() {
        for input in [[UInt8](), [0x0A], [0x0D, 0x0A, 0x20], Array("#\n#\n".utf8)] {
            let r = NcclTestsParser.parse(input)
            #expect(r.rows.isEmpty && !r.complete)
            #expect(r.diagnostics.map(\.message) == ["no nccl-tests output found"])
        }
        var rng = NcclTestsRandom(seed: 42)
        let noise = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let r = NcclTestsParser.parse(noise)
        #expect(r.rows.count <= noise.filter { $0 == 0x0A }.count + 1)
        #expect(r.diagnostics.contains { $0.message == "no nccl-tests output found" })
    }
}
