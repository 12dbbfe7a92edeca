import DSBenchCore
import DSBenchParse
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// The hand-written JSON of the stored nccl summaries and of argv / env / labels reads what
/// Codable wrote (rows stored before) and writes what Codable reads, on every real capture.
@Suite struct StoredJSONCodecTests {
    static func codable(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func reports() throws -> [(String, NcclTestsReport)] {
        try Fixtures.h200Captures().map { name in
            (name, NcclTestsParser.parse(summarizing: Array(try Fixtures.data("h200-x8/" + name))))
        }
    }

    @Test func devicesAndTransportReadWhatCodableWroteAndTheOtherWayRound() throws {
        var transports = 0, devices = 0
        for (name, report) in try Self.reports() {
            let codableDevices = try Self.codable(report.devices)
            #expect(StoredJSON.devices(codableDevices) == report.devices, "\(name)")
            #expect(try JSONDecoder().decode([NcclTestsDevice].self, from: Data(StoredJSON.devices(report.devices).utf8))
                == report.devices, "\(name)")
            // The same text as Codable's, so a row reads the same whichever wrote it.
            #expect(StoredJSON.devices(report.devices) == codableDevices, "\(name)")
            devices += report.devices.count
            #expect(StoredJSON.errors(report.errors) == (try Self.codable(report.errors)), "\(name)")
            if let parameters = report.parameters {
                #expect(StoredJSON.parameters(parameters) == (try Self.codable(parameters)), "\(name)")
            }
            guard let transport = report.transport else { continue }
            transports += 1
            let codableTransport = try Self.codable(transport)
            #expect(StoredJSON.transport(codableTransport) == transport, "\(name)")
            #expect(try JSONDecoder().decode(NcclTransportSummary.self, from: Data(StoredJSON.transport(transport).utf8))
                == transport, "\(name)")
            #expect(StoredJSON.transport(transport) == codableTransport, "\(name)")
        }
        #expect(transports >= 2)
        #expect(devices >= 40)
    }

    @Test func everyOptionalFieldAndEscapeRoundTrips() throws {
        let odd = "a\"b\\c/d\né\u{01}\t😀"
        let summary = NcclTransportSummary(
            ncclVersion: odd, networks: ["IB", odd], ibDevices: ["mlx5_0:1/IB"], ibNoDevice: true, socketDevices: [],
            connections: [NcclConnection(channel: 3, connIndex: nil, fromRank: 0, toRank: 12, fromDevice: nil, toDevice: "0x1b",
                                         direction: "send", transport: .netIB, path: "NET/IB/0/GDRDMA", gdrdma: true,
                                         host: nil, line: 9, text: odd)],
            ranks: nil, nodes: 2, localRanks: nil, hosts: ["n1", "n2"], rankHosts: [0: "n1", 10: "n2", 2: "n1"],
            collChannels: nil, nvlsChannels: 0, p2pChannels: nil, nvlsAvailable: false,
            environment: ["NCCL_IB_HCA": odd, "A": ""], environmentLines: [:],
            warnings: [NcclLogLine(host: nil, line: 4, text: odd)], lineCount: 7)
        #expect(StoredJSON.transport(StoredJSON.transport(summary)) == summary)
        #expect(StoredJSON.transport(try Self.codable(summary)) == summary)
        #expect(try JSONDecoder().decode(NcclTransportSummary.self, from: Data(StoredJSON.transport(summary).utf8)) == summary)
        let device = NcclTestsDevice(rank: 3, group: nil, pid: nil, host: odd, cudaDevice: 1, busId: "0x06", name: odd)
        #expect(StoredJSON.devices(StoredJSON.devices([device])) == [device])
        #expect(StoredJSON.devices(try Self.codable([device])) == [device])
    }

    @Test func argvEnvAndLabelsReadAsJSONDecoderReadsThem() throws {
        let texts = [#"[]"#, #"["a","b c","\"q\"","\\","\u00e9\ud83d\ude00","x\/y"]"#, #" [ "a" , "b" ] "#]
        for text in texts {
            #expect(StoredJSON.strings(text) == (try JSONDecoder().decode([String].self, from: Data(text.utf8))), "\(text)")
        }
        let env = #"{"B":"2","A":"x\ny","C":""}"#
        #expect(StoredJSON.stringMap(env) == (try JSONDecoder().decode([String: String].self, from: Data(env.utf8))))
        #expect(StoredJSON.stringMap(JSONText.object([("K", "v\"1"), ("é", "")])) == ["K": "v\"1", "é": ""])
        let optional = JSONText.object(sortedOptional: ["a": nil, "b": "x\u{0}y"])
        #expect(StoredJSON.optionalStringMap(optional) == (try JSONDecoder().decode([String: String?].self, from: Data(optional.utf8))))
        #expect(StoredJSON.optionalStringMap(optional)?["a"] == .some(nil))
        // Not this shape: nil, and the caller's JSONDecoder says the same.
        for bad in [#"["a",1]"#, #"{"a":null}"#, #"["a""#, #"["a"] x"#, "", #"{"a":"b",}"#] {
            #expect(StoredJSON.strings(bad) == nil && StoredJSON.stringMap(bad) == nil, "\(bad)")
            #expect((try? JSONDecoder().decode([String].self, from: Data(bad.utf8))) == nil, "\(bad)")
        }
    }

    /// A damaged or hand-edited row gives nil (then JSONDecoder's answer), never a trap: every cut,
    /// byte flip and deep nesting; and a long document reads in time linear in its length.
    @Test func damagedTextNeverTrapsAndLongTextIsLinear() throws {
        let (_, report) = try #require(try Self.reports().first { $0.1.transport != nil })
        let text = Array(StoredJSON.transport(try #require(report.transport)).utf8)
        var g = SystemRandomNumberGenerator()
        for cut in stride(from: 0, to: text.count, by: max(1, text.count / 300)) {
            #expect(StoredJSON.transport(String(decoding: text[..<cut], as: UTF8.self)) == nil)
        }
        for _ in 0..<500 {
            var bytes = text
            bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
            _ = StoredJSON.transport(String(decoding: bytes, as: UTF8.self))
            _ = StoredJSON.devices(String(decoding: bytes, as: UTF8.self))
        }
        #expect(StoredJSON.parse(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)) == nil)
        #expect(StoredJSON.parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)) != nil)
        let device = #"{"busId":"0000:00:06","cudaDevice":0,"group":0,"host":"vm","name":"NVIDIA H200","pid":1,"rank":0}"#
        func seconds(_ n: Int) -> Double {
            let list = "[" + Array(repeating: device, count: n).joined(separator: ",") + "]"
            let clock = ContinuousClock(), start = clock.now
            #expect(StoredJSON.devices(list)?.count == n)
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        _ = seconds(2_000)
        let small = seconds(20_000), large = seconds(80_000)
        // 4× the items: well under 16× the time (a quadratic reader) even on a loaded machine.
        #expect(large < small * 10, "20 k devices \(small) s, 80 k \(large) s")
    }
}
