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
}
