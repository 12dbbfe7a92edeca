import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// `nvidia-smi --query-gpu=… --format=csv` on 8×H200, with and without header and units.
@Suite struct GPUQueryParserTests {
    /// The field list exactly as the capture's `.cmd` gave it to `--query-gpu=`.
    static func queriedFields() throws -> [String] {
        let cmd = try Fixtures.h200("a_query-gpu_csv_nounits_noheader.cmd")
        let line = try #require(cmd.split(separator: "\n").first { $0.hasPrefix("command:") })
        let argument = try #require(line.split(separator: " ").first { $0.hasPrefix("--query-gpu=") })
        return argument.dropFirst("--query-gpu=".count).split(separator: ",").map(String.init)
    }

    @Test func realCaptureWithHeaderAndUnits() throws {
        let table = GPUQueryParser.parse(try Fixtures.h200("a_query-gpu_csv.txt"))
        #expect(table.diagnostics.isEmpty)
        #expect(table.fieldNames.count == 16)
        #expect(table.fieldNames[6] == "memory.total" && table.fieldNames[13] == "power.limit")
        #expect(table.fieldNames.last == "clocks.max.memory")
        #expect(table.records.count == 8)
        #expect(table.records.map(\.index) == Array(0..<8))
        #expect(table.records.allSatisfy { $0.string("name") == "NVIDIA H200" })
        let gpu0 = table.records[0]
        #expect(gpu0.line == 2)
        #expect(gpu0.string("uuid") == "GPU-7d58ef82-82b7-a78e-aad4-6e4a929e1032")
        #expect(gpu0.string("pci.bus_id") == "00000000:00:06.0")
        #expect(gpu0.string("memory.total") == "143771")
        #expect(gpu0.string("power.limit") == "700.00" && gpu0.number("power.limit") == 700)
        #expect(gpu0.integer("pcie.link.gen.current") == 5 && gpu0.integer("pcie.link.gen.max") == 5)
        #expect(gpu0.integer("pcie.link.width.current") == 16 && gpu0.integer("pcie.link.width.max") == 16)
        #expect(gpu0.string("clocks.max.sm") == "1980" && gpu0.string("clocks.max.memory") == "3201")
        #expect(gpu0.string("driver_version") == "580.159.04" && gpu0.string("compute_cap") == "9.0")
        #expect(gpu0.string("persistence_mode") == "Enabled")
        #expect(table.records[7].string("pci.bus_id") == "00000000:00:0D.0")
        #expect(table.records.allSatisfy { $0.unavailable.isEmpty })
    }

    @Test func realCaptureWithoutHeaderUsesTheFieldList() throws {
        let fields = try Self.queriedFields()
        #expect(fields.count == 16 && fields.last == "clocks.max.mem")
        let bare = GPUQueryParser.parse(try Fixtures.h200("a_query-gpu_csv_nounits_noheader.txt"), fields: fields)
        #expect(bare.diagnostics.isEmpty)
        #expect(bare.fieldNames == fields)
        let full = GPUQueryParser.parse(try Fixtures.h200("a_query-gpu_csv.txt"))
        #expect(bare.records.count == 8)
        // Same values; only the alias the query used (`clocks.max.mem`) differs from the header name.
        for (plain, headed) in zip(bare.records, full.records) {
            for (name, headerName) in zip(fields, full.fieldNames) {
                #expect(plain.string(name) == headed.string(headerName), "\(name)")
            }
        }
    }

    @Test func withoutHeaderOrFieldsNothingIsGuessed() throws {
        let bare = GPUQueryParser.parse(try Fixtures.h200("a_query-gpu_csv_nounits_noheader.txt"))
        #expect(bare.records.isEmpty)
        // One error for the whole input (it names the way out), not one per row.
        #expect(bare.diagnostics.count == 1 && bare.diagnostics.allSatisfy { $0.severity == .error })
        #expect(bare.diagnostics.first?.line == 1)
        #expect(bare.diagnostics.first?.message.hasSuffix("no field list was given for header-less output (--fields)") == true)
    }

    @Test func headerlessWithUnitsStripsTheUnitWords() throws {
        let text = try Fixtures.h200("a_query-gpu_csv.txt").split(separator: "\n").dropFirst().joined(separator: "\n")
        let table = GPUQueryParser.parse(text, fields: try Self.queriedFields())
        #expect(table.records.count == 8)
        #expect(table.records[3].string("memory.total") == "143771")
        #expect(table.records[3].string("power.limit") == "700.00")
        #expect(table.records[3].string("clocks.max.mem") == "3201")
        #expect(table.records[3].string("name") == "NVIDIA H200")
    }

    @Test func bracketedValuesBecomeNilWithTheirReason() throws {
        var lines = try Fixtures.h200("a_query-gpu_csv.txt").components(separatedBy: "\n")
        lines[3] = lines[3].replacingOccurrences(of: "1980 MHz", with: "[N/A]")
            .replacingOccurrences(of: ", 9.0,", with: ", [Not Supported],")
            .replacingOccurrences(of: "700.00 W", with: "[Unknown Error]")
        let table = GPUQueryParser.parse(lines.joined(separator: "\n"))
        let gpu2 = table.records[2]
        #expect(gpu2.index == 2 && gpu2.line == 4)
        #expect(gpu2.fields["clocks.max.sm"] == .some(nil))
        #expect(gpu2.fields["compute_cap"] == .some(nil))
        #expect(gpu2.number("power.limit") == nil)
        #expect(gpu2.unavailable == ["clocks.max.sm": "N/A", "compute_cap": "Not Supported", "power.limit": "Unknown Error"])
        #expect(gpu2.string("clocks.max.memory") == "3201")
        #expect(table.records[1].unavailable.isEmpty && table.diagnostics.isEmpty)
    }

    @Test func commaInsideTheNameIsKept() throws {
        var lines = try Fixtures.h200("a_query-gpu_csv.txt").components(separatedBy: "\n")
        lines[1] = lines[1].replacingOccurrences(of: "NVIDIA H200,", with: "NVIDIA H200, SXM5,edition,")
        let table = GPUQueryParser.parse(lines.joined(separator: "\n"))
        #expect(table.diagnostics.isEmpty)
        #expect(table.records[0].string("name") == "NVIDIA H200, SXM5,edition")
        #expect(table.records[0].string("uuid") == "GPU-7d58ef82-82b7-a78e-aad4-6e4a929e1032")
        #expect(table.records[0].string("clocks.max.memory") == "3201")
    }

    @Test func crlfTruncatedAndWideRows() throws {
        let real = try Fixtures.h200("a_query-gpu_csv.txt")
        let reference = GPUQueryParser.parse(real)
        let crlf = GPUQueryParser.parse(real.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf == reference)
        // Cut in the middle of GPU 5's row: that row is dropped and reported.
        let cutAt = try #require(real.range(of: "00000000:00:0B.0"))
        let cut = GPUQueryParser.parse(String(real[..<cutAt.upperBound]))
        #expect(cut.records.count == 5)
        #expect(cut.diagnostics.map(\.line) == [7])
        // Without a `name` field, extra cells cannot be placed.
        let wide = GPUQueryParser.parse("index, uuid\n0, GPU-1, extra\n1, GPU-2\n")
        #expect(wide.records.map(\.index) == [1])
        #expect(wide.diagnostics.map(\.line) == [2])
        let huge = GPUQueryParser.parse("index, power.limit [W]\n99999999999999999999999, 1e400 W\n")
        #expect(huge.records.count == 1 && huge.records[0].index == nil)
        #expect(huge.records[0].string("power.limit") == "1e400" && huge.records[0].integer("power.limit") == nil)
    }

    @Test func emptyAndRandomInput() {
        let empty = GPUQueryParser.parse("")
        #expect(empty.records.isEmpty && empty.diagnostics.count == 1)
        #expect(GPUQueryParser.parse("\n\n  \n").records.isEmpty)
        let invalid = GPUQueryParser.parse("Field \"bogus\" is not a valid field to query.\n\n")
        #expect(invalid.records.isEmpty && invalid.diagnostics.first?.severity == .error)
        var random = SmiSplitMix64(seed: 0x6170)
        for _ in 0..<50 {
            let bytes = random.bytes(count: random.below(2000))
            let table = GPUQueryParser.parse(bytes, fields: ["index", "name"])
            #expect(table.records.allSatisfy { $0.fields.count <= max(table.fieldNames.count, 2) })
        }
    }
}
