import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// nvbandwidth text and JSON: new vs the parsers before the description cache and the byte-read
/// descriptions (Reference/).
extension ParserEquivalenceTests {
    @Test func nvbandwidthText() throws {
        let extra = [
            "nvbandwidth Version: v0.8\nRunning a.\nmemcpy CE GPU(row) -> GPU(column) bandwidth (GB/s)\n   0  1\n 0 N/A 1.5\n"
                + " 1 2 x\n\nSUM a 3.5\nRunning b.\nmemcpy CE GPU(row\u{301}) -> GPÜ(column) bandwidth (GB/s\u{301})\n   0\n 0 1\n"
                + "\nRunning c.\n[CUDA_ERROR_LAUNCH_FAILED] x\nWaived: \nError: bad\nNot Found: y\nSUM z\n",
            "Running a.\nmemcpy CE GPU(row) -> GPU(column) bandwidth (GB/s)\n   0\n 0 1\nRunning a.\n"
                + "memcpy CE GPU(row) -> GPU(column) bandwidth (GB/s)\n   0\n 0 2\n\nSUM a 2\nDevice 0: H200\nCUDA Runtime Version: 13000\n",
        ]
        let inputs = try Self.inputs(["h200-x1/nvb_all.txt", "h200-x1-s5/nvb_text_h2d.txt", "h200-x1/nvb_list.txt"],
                                     extra: extra, seed: 38)
        Self.compare(inputs, { NvbandwidthTextParser.parse($0) }, { ReferenceNvbandwidthTextParser.parse($0) })
    }

    @Test func nvbandwidthJSON() throws {
        let testcase = #"{"name": "a", "status": "Passed", "bandwidth_description": "memcpy CE GPU(row\u0301) -> GPÜ(column) (GB/s)","#
            + #" "bandwidth_matrix": [["1.5", "N/A", 2, true, null, ["x"]], "row", []], "sum": 3.5}"#
        let extra = [
            #"{"nvbandwidth": {"version": "", "CUDA Runtime Version": 13000.7, "GPU Device list": ["0: H200", 1],"#
                + #" "testcases": [\#(testcase), 5, {"name": "b", "status": "Running", "error": "boom"}, {"status": "Odd"}]}}"#,
            #"{"nvbandwidth": {"error": "no CUDA device", "testcases": []}}"#,
            #"{"nvbandwidth": {"testcases": [{"name": "c", "status": "Waived", "error": "x", "sum": true}]}, "nvbandwidth": 1}"#,
            "", "{}", "[]", #"{"nvbandwidth": {}}"#,
        ]
        let inputs = try Self.inputs(["h200-x1/nvb_json.txt", "h200-x1-s5/nvb_json_all.txt"], extra: extra, seed: 39)
        Self.compare(inputs, { NvbandwidthJSONParser.parse($0) }, { ReferenceNvbandwidthJSONParser.parse($0) })
    }

    /// Documents `NvbandwidthJSONBytes` reads itself (ASCII, no escapes, exponents or booleans)
    /// with every type where another is expected, repeated keys, and numbers of 1 to 22 digits:
    /// `JSONSerialization` reads decimals of more than 17 characters through `Decimal`.
    @Test func nvbandwidthJSONOnBytes() throws {
        let odd = #"{"name": "a", "status": "Passed", "bandwidth_description": "x CPU(row) -> GPU(column) (ns)","#
            + #" "bandwidth_matrix": [["1.5", "N/A", 2, -0.0, -0, null, ["x"], {}, "0x10", "inf", " 1", "", "1e3"], "row", [],"#
            + #" [123456789012345678, -123456789012345678, 0.000000000000000001234]], "sum": 55.024531211000003},"#
            + #" {"name": 1, "status": null, "sum": "3", "error": 2}, {"status": "Odd", "name": "n", "name": "m", "bandwidth_matrix": {"a": 1}},"#
            + #" {}, [], "s", null, {"status": "Waived", "error": "e", "sum": -12.5, "bandwidth_description": 7}"#
        var random = SmiSplitMix64(seed: 40)
        var numbers: [String] = []
        for _ in 0..<400 {
            var digits = String((0..<(1 + random.below(22))).map { _ in Character(String(random.below(10))) })
            while digits.count > 1, digits.first == "0" { digits.removeFirst() }
            let point = random.below(digits.count + 1)
            if point > 0, point < digits.count { digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point)) }
            numbers.append((random.below(4) == 0 ? "-" : "") + digits)
        }
        let sums = numbers.map { #"{"name": "t", "status": "Passed", "bandwidth_matrix": [[\#($0), "\#($0)"]], "sum": \#($0)}"# }
        let extra = [
            #"{"nvbandwidth": {"version": "v1", "version": "v2", "Driver Version": 5, "CUDA Runtime Version": -0,"#
                + #" "GPU Device list": ["a", null, 1.5, ["b"]], "error": null, "testcases": [\#(odd)]}}"#,
            #"{"nvbandwidth": {"CUDA Runtime Version": 1234567890123456789012, "testcases": [{"status": "Passed"}]}}"#,
            #"{"nvbandwidth": {"CUDA Runtime Version": "13000", "Driver Version": "1", "testcases": 3, "error": "x"}, "x": [[[]]]}"#,
            "\t\r\n {\"nvbandwidth\":{\"testcases\":[]}} \n",
            #"{"nvbandwidth": {"testcases": ["# + sums.joined(separator: ", ") + "]}}",
        ]
        let inputs = try Self.inputs([], extra: extra, seed: 41)
        #expect(inputs.filter { input in input.withUnsafeBufferPointer { NvbandwidthJSONBytes.parse($0) } != nil }.count > 100)
        Self.compare(inputs, { NvbandwidthJSONParser.parse($0) }, { ReferenceNvbandwidthJSONParser.parse($0) })
    }
}
