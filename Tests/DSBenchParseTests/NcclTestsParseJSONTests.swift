import Foundation
import Testing
import DSBenchCore
import DSBenchReport
import DSBenchTestSupport
@testable import DSBenchParse

/// `dsbench parse nccl-tests FILE` output: read back with JSONSerialization, values and key
/// order checked against the parsed report.
@Suite("NcclTests parse JSON rendering")
struct NcclTestsParseJSONTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static let topKeys = ["complete", "avg_busbw", "out_of_bounds", "rows", "program", "nccl_tests_version",
                          "nccl_version", "parameters", "devices", "errors", "diagnostics"]

    /// Positions of `"key":` in the text, which must be increasing.
    static func inOrder(_ keys: [String], in text: String) -> Bool {
        let positions = keys.compactMap { text.range(of: "\"\($0)\": ")?.lowerBound }
        return positions.count == keys.count && positions == positions.sorted()
    }

    @Test("b_all_reduce_8-8G_r1: every value round-trips")
    func completeRun() throws {
        let report = NcclTestsParser.parse(try Fixtures.h200("b_all_reduce_8-8G_r1.txt"))
        let text = NcclTestsParseJSON.render(report)
        let json = try Self.object(text)
        #expect(Set(json.keys) == Set(Self.topKeys))
        #expect(Self.inOrder(Self.topKeys, in: text))
        #expect(text.hasPrefix("{\n  \"complete\": true,\n  \"avg_busbw\": 121.667,\n  \"out_of_bounds\": 0,\n"))
        #expect(json["complete"] as? Bool == true)
        #expect(json["avg_busbw"] as? Double == 121.667)
        #expect(json["program"] as? String == "all_reduce_perf")
        #expect(json["nccl_tests_version"] as? String == "2.19.6")
        #expect(json["nccl_version"] as? String == "2.28.9")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 31)
        for (row, parsed) in zip(rows, report.rows) {
            let oop = try #require(row["out_of_place"] as? [String: Any])
            let ip = try #require(row["in_place"] as? [String: Any])
            #expect((row["size"] as? NSNumber)?.int64Value == parsed.size)
            #expect((row["count"] as? NSNumber)?.int64Value == parsed.count)
            #expect(oop["time_us"] as? Double == parsed.outOfPlace.timeUs)
            #expect(oop["busbw"] as? Double == parsed.outOfPlace.busbw)
            #expect(ip["algbw"] as? Double == parsed.inPlace?.algbw)
            #expect((ip["wrong"] as? NSNumber)?.int64Value == 0)
        }
        #expect(Self.inOrder(["size", "count", "type", "redop", "root", "out_of_place", "in_place"], in: text))
        #expect(Self.inOrder(["time_us", "algbw", "busbw", "wrong"], in: text))
        let last = try #require(rows.last)
        #expect((last["size"] as? NSNumber)?.int64Value == 8_589_934_592)
        #expect(last["type"] as? String == "float" && last["redop"] as? String == "sum")
        #expect((last["root"] as? NSNumber)?.intValue == -1)
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect((parameters["max_bytes"] as? NSNumber)?.int64Value == 8_589_934_592)
        #expect(parameters["step_kind"] as? String == "factor")
        let devices = try #require(json["devices"] as? [[String: Any]])
        #expect(devices.count == 8)
        #expect(devices.first?["bus_id"] as? String == "0000:00:06")
        #expect((devices.first?["pid"] as? NSNumber)?.intValue == 3721)
        #expect((json["errors"] as? [Any])?.isEmpty == true)
        #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test("explicit nulls: N/A, non-finite, cut rows, missing footer and banner")
    func nulls() throws {
        let lines = try Fixtures.h200("c_alltoall_8-1G.txt").split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(30).joined(separator: "\n") + "\n" + lines[30].prefix(90)
        let report = NcclTestsParser.parse(cut)
        let text = NcclTestsParseJSON.render(report)
        let json = try Self.object(text)
        #expect(Set(json.keys) == Set(Self.topKeys))
        #expect(json["complete"] as? Bool == false)
        #expect(json["avg_busbw"] is NSNull)
        #expect(json["out_of_bounds"] is NSNull)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 14)   // 13 whole rows (lines 18–30) and the cut one (line 31)
        #expect((rows[0]["in_place"] as? [String: Any])?["wrong"] is NSNull)
        #expect(rows[12]["in_place"] is [String: Any])
        #expect(rows[13]["in_place"] is NSNull)
        #expect((rows[13]["out_of_place"] as? [String: Any])?["busbw"] as? Double == 317.91)
        #expect(json["diagnostics"] as? [String] == [
            "line 31: row cut short (end of input): in-place half missing, out-of-place kept",
            "line 31: no footer: run cut short after 14 rows",
        ])

        let empty = try Self.object(NcclTestsParseJSON.render(NcclTestsParser.parse("")))
        #expect(Set(empty.keys) == Set(Self.topKeys))
        #expect(empty["parameters"] is NSNull && empty["program"] is NSNull && empty["nccl_version"] is NSNull)
        #expect(empty["diagnostics"] as? [String] == ["no nccl-tests output found"])
        #expect(NcclTestsParseJSON.render(NcclTestsParser.parse("")).contains("\"rows\": [],"))
    }

    @Test("errors and odd strings survive the writer")
    func strings() throws {
        var report = NcclTestsParser.parse(try Fixtures.h200("i_err_too_many_gpus.txt"))
        let odd = "quote \" backslash \\ newline \n tab \t bell \u{07} del \u{7F} é 漢 🚀"
        report.devices = [NcclTestsDevice(rank: 0, group: nil, pid: nil, host: "h", cudaDevice: 0, busId: "0x18", name: odd)]
        let json = try Self.object(NcclTestsParseJSON.render(report))
        let devices = try #require(json["devices"] as? [[String: Any]])
        #expect(devices.first?["name"] as? String == odd)
        #expect(devices.first?["group"] is NSNull)
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(errors.count == 2)
        #expect(errors[1]["kind"] as? String == "propagated")
        #expect(errors[1]["location"] as? String == "common.cu:1454")
        #expect((errors[1]["line"] as? NSNumber)?.intValue == 8)
        #expect(errors[0]["host"] is NSNull)
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect((parameters["n_gpus"] as? NSNumber)?.intValue == 16)
    }

    @Test("JSONWriter: doubles in shortest round-trip form, non-finite as null")
    func writer() throws {
        let values: [Double] = [0, 0.1, 366.77, 1e-7, 1.2e8, 8_589_934_592, 123456789.123, -2.5, .greatestFiniteMagnitude]
        let text = JSONWriter.render(.array(values.map { .double($0) } + [.double(.infinity), .double(.nan), .int(Int64.min)]))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
        for (k, v) in values.enumerated() { #expect((array[k] as? NSNumber)?.doubleValue == v) }
        #expect(array[values.count] is NSNull && array[values.count + 1] is NSNull)
        #expect((array[values.count + 2] as? NSNumber)?.int64Value == Int64.min)
        #expect(JSONWriter.render(.object([])) == "{}")
        #expect(JSONWriter.render(.object([("a", .array([]))])) == "{\n  \"a\": []\n}")
    }
}
