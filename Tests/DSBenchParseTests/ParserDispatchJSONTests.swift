import Foundation
import Testing
import DSBenchCore
import DSBenchReport
import DSBenchTestSupport
@testable import DSBenchParse

/// What `dsbench parse …` prints: valid JSON (read back with JSONSerialization), explicit nulls,
/// fixed key order.
@Suite struct ParserDispatchJSONTests {
    static func object(_ json: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        return try #require(value as? [String: Any])
    }

    @Test func dmonJSON() throws {
        var text = try Fixtures.h200("f_dmon_pucvmet_during_allreduce.txt")
        // GPU 1's first sample gets a `-` for pwr, which must come out as null.
        text = text.replacingOccurrences(of: "09:48:45       1    124", with: "09:48:45       1      -")
        let json = SmiParseJSON.render(DmonParser.parse(text))
        let root = try Self.object(json)
        #expect((root["columns"] as? [String])?.count == 24)
        let samples = try #require(root["samples"] as? [[String: Any]])
        #expect(samples.count == 184)
        #expect(samples[0]["gpu"] as? Int == 0 && samples[0]["pwr"] as? Int == 126 && samples[0]["round"] as? Int == 0)
        #expect(samples[0]["timestamp"] as? String == "2026-11-22 09:48:45")
        #expect(samples[1]["pwr"] is NSNull)
        #expect(samples[1].count == 3 + 21)
        let diagnostics = try #require(root["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1 && diagnostics[0]["line"] as? Int == 195)
        // Keys in a fixed order: metadata first, then columns in header order.
        let firstSample = try #require(json.range(of: "\"gpu\": 0,"))
        let order = ["\"round\"", "\"timestamp\"", "\"pwr\"", "\"gtemp\"", "\"mtemp\"", "\"txpci\""].map {
            json.range(of: $0, range: firstSample.upperBound..<json.endIndex)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted())
    }

    @Test func queryGPUJSON() throws {
        var lines = try Fixtures.h200("a_query-gpu_csv.txt").components(separatedBy: "\n")
        lines[1] = lines[1].replacingOccurrences(of: "1980 MHz", with: "[N/A]")
        let root = try Self.object(SmiParseJSON.render(GPUQueryParser.parse(lines.joined(separator: "\n"))))
        let gpus = try #require(root["gpus"] as? [[String: Any]])
        #expect(gpus.count == 8)
        #expect(gpus[0]["memory.total"] as? String == "143771" && gpus[0]["clocks.max.sm"] is NSNull)
        #expect(gpus[1]["clocks.max.sm"] as? String == "1980")
        let unavailable = try #require(root["unavailable"] as? [[String: Any]])
        #expect(unavailable.count == 1 && unavailable[0]["reason"] as? String == "N/A" && unavailable[0]["row"] as? Int == 0)
        #expect((root["fields"] as? [String])?.count == 16)
    }

    @Test func topologyJSON() throws {
        let root = try Self.object(SmiParseJSON.render(TopologyParser.parse(try Fixtures.h200("a_topo-m.txt"))))
        let rows = try #require(root["rows"] as? [[String: Any]])
        #expect(rows.count == 8)
        let links = try #require(rows[2]["links"] as? [String: String])
        #expect(links["GPU2"] == "X" && links["GPU7"] == "NV18" && links.count == 8)
        #expect(rows[2]["cpu_affinity"] as? String == "0-127" && rows[2]["gpu_numa_id"] as? String == "N/A")
        #expect((root["nic_legend"] as? [String: Any])?.isEmpty == true)
    }

    @Test func nvlinkJSON() throws {
        let root = try Self.object(SmiParseJSON.render(NvlinkParser.parse(try Fixtures.h200("a_nvlink-s.txt"))))
        let gpus = try #require(root["gpus"] as? [[String: Any]])
        #expect(gpus.count == 8 && gpus[7]["uuid"] as? String == "GPU-bd05f9f8-5085-18ad-8e40-1184d7d59b6b")
        let links = try #require(gpus[0]["links"] as? [[String: Any]])
        #expect(links.count == 18 && links[17]["gb_per_s"] as? Double == 26.562 && links[17]["note"] is NSNull)
        #expect(links[0]["inactive"] as? Bool == false)
    }

    @Test func factsJSON() throws {
        let parsed = SystemFactsParser.smiSummary(try Fixtures.h200("a_nvidia-smi.txt"))
        let json = SmiParseJSON.render(facts: parsed.facts, diagnostics: parsed.diagnostics)
        let root = try Self.object(json)
        #expect(root["facts"] as? [String: String] == ["cuda_version": "13.0", "driver_version": "580.159.04"])
        #expect(json.range(of: "cuda_version")!.lowerBound < json.range(of: "driver_version")!.lowerBound)
        let failed = SystemFactsParser.uname("")
        let failedRoot = try Self.object(SmiParseJSON.render(facts: failed.facts, diagnostics: failed.diagnostics))
        let diagnostics = try #require(failedRoot["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1 && diagnostics[0]["line"] is NSNull && diagnostics[0]["severity"] as? String == "error")
    }

    @Test func writerEscapesAndNulls() throws {
        let value = JSONWriter.Value.object([
            ("text", .string("quote \" back \\ nl \n tab \t bell \u{07} é 😀")),
            ("nan", .double(.nan)), ("inf", .double(-.infinity)), ("none", .optional(nil as Double?)),
            ("nostring", .optional(nil as String?)),
            ("whole", .double(126)), ("fraction", .double(26.562)), ("tiny", .double(1e-7)), ("huge", .double(1e300)),
            ("empty", .array([])), ("emptyObject", .object([])), ("flag", .bool(true)), ("int", .int(-3)),
        ])
        for indent in [2, 0] {
            let json = JSONWriter.render(value, indent: indent)
            let root = try Self.object(json)
            #expect(root["text"] as? String == "quote \" back \\ nl \n tab \t bell \u{07} é 😀")
            #expect(root["nan"] is NSNull && root["inf"] is NSNull && root["none"] is NSNull && root["nostring"] is NSNull)
            #expect(root["whole"] as? Double == 126 && root["fraction"] as? Double == 26.562)
            #expect(root["tiny"] as? Double == 1e-7 && root["huge"] as? Double == 1e300)
            #expect((root["empty"] as? [Any])?.isEmpty == true && (root["emptyObject"] as? [String: Any])?.isEmpty == true)
            #expect(root["flag"] as? Bool == true && root["int"] as? Int == -3)
            #expect(json.contains("\\u0007"))
        }
        #expect(JSONWriter.render(.object([("b", .int(1)), ("a", .null)])) == "{\n  \"b\": 1,\n  \"a\": null\n}")
    }
}
