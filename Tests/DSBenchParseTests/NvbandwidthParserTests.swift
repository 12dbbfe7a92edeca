import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// nvbandwidth v0.8 on one H200 (PCIe gen5 x16): the text form of every testcase and the JSON form.
@Suite struct NvbandwidthParserTests {
    static func text() throws -> [UInt8] { Array(try Fixtures.data("h200-x1/nvb_all.txt")) }
    static func json() throws -> [UInt8] { Array(try Fixtures.data("h200-x1/nvb_json.txt")) }

    @Test func textCaptureEveryTestcase() throws {
        let report = NvbandwidthParser.parse(try Self.text())
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.version == "v0.8")
        #expect(report.driverVersion == "580.159.04")
        #expect(report.cudaRuntimeVersion == 13000)
        #expect(report.devices == ["Device 0: NVIDIA H200 (00000000:00:06)"])
        #expect(report.testcases.count == 35)
        #expect(report.testcases.filter { $0.status == .passed }.count == 18)
        #expect(report.testcases.filter { $0.status == .waived }.count == 17)
        // Every waived testcase is named from the tool's order; the list is v0.8's exactly.
        #expect(report.testcases.map(\.name) == NvbandwidthTestcases.v08)

        let h2d = try #require(report.testcases.first { $0.name == "host_to_device_memcpy_ce" })
        #expect(h2d.description == "memcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)")
        #expect(h2d.unit == "GB/s" && h2d.rowKind == "CPU" && h2d.columnKind == "GPU")
        #expect(h2d.rowLabels == ["0"] && h2d.columnLabels == ["0"])
        #expect(h2d.values == [[55.37]])
        #expect(h2d.sum == 55.37)
        #expect(h2d.cells == [NvbandwidthCell(testcase: "host_to_device_memcpy_ce", source: "CPU0", destination: "GPU0",
                                              value: 55.37, unit: "GB/s")])

        let d2h = try #require(report.testcases.first { $0.name == "device_to_host_memcpy_ce" })
        #expect(d2h.values == [[55.31]] && d2h.sum == 55.31)
        #expect(d2h.cells.first?.source == "GPU0" && d2h.cells.first?.destination == "CPU0")
        // Bidirectional: the same `<->` description; the name says which copy was measured.
        let d2hBidir = try #require(report.testcases.first { $0.name == "device_to_host_bidirectional_memcpy_ce" })
        #expect(d2hBidir.values == [[50.25]] && d2hBidir.cells.first?.source == "GPU0")

        let latency = try #require(report.testcases.first { $0.name == "host_device_latency_sm" })
        #expect(latency.unit == "ns" && latency.values == [[1211.34]] && latency.sum == 1211.34 && latency.lowerIsBetter)
        let local = try #require(report.testcases.first { $0.name == "device_local_copy" })
        #expect(local.rowKind == nil && local.columnKind == "GPU" && local.values == [[2079.38]])
        #expect(local.cells.first?.source == "GPU0" && local.cells.first?.destination == "GPU0")
        #expect(report.testcases.first { $0.name == "device_to_device_memcpy_read_ce" }?.status == .waived)
        #expect(report.testcases.first { $0.name == "device_to_device_latency_sm" }?.status == .waived)
    }

    @Test func jsonCapture() throws {
        let report = NvbandwidthParser.parse(try Self.json())
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.version == "v0.8" && report.driverVersion == "580.159.04" && report.cudaRuntimeVersion == 13000)
        #expect(report.devices == ["0: NVIDIA H200 (00000000:00:06): (vm)"])
        #expect(report.testcases.map(\.name) == ["host_to_device_memcpy_ce", "device_to_host_memcpy_ce",
                                                 "host_to_device_memcpy_sm", "device_to_host_memcpy_sm", "device_local_copy"])
        #expect(report.testcases.allSatisfy { $0.status == .passed })
        #expect(report.testcases.map(\.values) == [[[54.8156]], [[55.3162]], [[51.154]], [[52.573]], [[2078.88]]])
        // The file's digits; Foundation's JSON reader on Linux rounds the last one or two (54.81560751899999).
        #expect(abs((report.testcases[0].sum ?? 0) - 54.815607519000004) < 1e-9)
        #expect(abs((report.testcases[4].sum ?? 0) - 2078.8805885760003) < 1e-9)
        #expect(report.testcases[2].description == "memcpy SM CPU(row) -> GPU(column) bandwidth (GB/s)")
        let metrics = report.metricValues
        #expect(metrics.count == 5)
        #expect(metrics[0] == MetricValue(name: "nvbandwidth.host_to_device_memcpy_ce", value: 54.8156, unit: "GB/s",
                                          direction: .higher, labels: ["source": "CPU0", "destination": "GPU0"]))
    }

    /// The JSON of a multi-GPU node: `N/A` on the diagonal, a testcase error, a waived one.
    @Test func jsonWithPeersErrorsAndWaived() {
        let text = #"""
        {"nvbandwidth": {"version": "v0.8", "testcases": [
          {"name": "device_to_device_memcpy_read_ce", "status": "Passed",
           "bandwidth_description": "memcpy CE GPU(row) <- GPU(column) bandwidth (GB/s)",
           "bandwidth_matrix": [["N/A", "389.5"], ["390.1", "N/A"]], "sum": 779.6},
          {"name": "device_to_device_latency_sm", "status": "Waived"},
          {"name": "host_to_device_memcpy_ce", "status": "Running", "error": "[CUDA_ERROR_OUT_OF_MEMORY] out of memory"}
        ]}}
        """#
        let report = NvbandwidthParser.parse(Array(text.utf8))
        #expect(report.testcases.map(\.status) == [.passed, .waived, .error])
        #expect(report.testcases[0].values == [[nil, 389.5], [390.1, nil]])
        #expect(report.testcases[0].cells.map { "\($0.source)>\($0.destination)" } == ["GPU1>GPU0", "GPU0>GPU1"])
        #expect(report.testcases[2].message == "[CUDA_ERROR_OUT_OF_MEMORY] out of memory")
    }

    /// A text matrix with N/A, and an error line inside a testcase.
    @Test func textWithPeersAndErrors() {
        let text = """
        nvbandwidth Version: v0.8
        Running device_to_device_memcpy_write_ce.
        memcpy CE GPU(row) -> GPU(column) bandwidth (GB/s)
                   0         1
         0       N/A    389.12
         1    390.02       N/A

        SUM device_to_device_memcpy_write_ce 779.14

        Running host_to_device_memcpy_sm.
        [CUDA_ERROR_LAUNCH_FAILED] unspecified launch failure
        """
        let report = NvbandwidthTextParser.parse(text)
        #expect(report.testcases.count == 2)
        #expect(report.testcases[0].values == [[nil, 389.12], [390.02, nil]] && report.testcases[0].sum == 779.14)
        #expect(report.testcases[0].cells.map(\.destination) == ["GPU1", "GPU0"])
        #expect(report.testcases[1].status == .incomplete)
        #expect(report.testcases[1].message == "[CUDA_ERROR_LAUNCH_FAILED] unspecified launch failure")
        #expect(report.diagnostics.contains { $0.message.contains("host_to_device_memcpy_sm") })
    }

    /// Waived lines whose count does not fit the gap in the tool's order stay unnamed.
    @Test func waivedNamesOnlyWhenCertain() throws {
        var text = String(decoding: try Self.text(), as: UTF8.self)
        let range = try #require(text.range(of: "Waived: \nWaived: \nWaived: \nWaived: \nRunning all_to_host_memcpy_ce."))
        text.replaceSubrange(range, with: "Waived: \nWaived: \nWaived: \nRunning all_to_host_memcpy_ce.")
        let report = NvbandwidthTextParser.parse(text)
        #expect(report.testcases.count == 34)
        #expect(report.testcases[4...6].allSatisfy { $0.name == nil && $0.status == .waived })
        #expect(report.testcases[7].name == "all_to_host_memcpy_ce")
    }

    /// Cut at every 7th byte and corrupted at every 11th: never a crash; a cut inside a testcase is
    /// never taken for its whole result (the SUM is absent or the testcase is incomplete).
    @Test(arguments: ["h200-x1/nvb_all.txt", "h200-x1/nvb_json.txt"])
    func truncatedAndCorrupted(_ path: String) throws {
        let bytes = Array(try Fixtures.data(path))
        let whole = NvbandwidthParser.parse(bytes)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            let report = NvbandwidthParser.parse(Array(bytes[..<cut]))
            #expect(report.testcases.count <= whole.testcases.count)
            for (part, full) in zip(report.testcases, whole.testcases) where part.sum != nil && part.name == full.name {
                #expect(part.values.count <= full.values.count)
            }
        }
        var corrupted = bytes
        for index in stride(from: 3, to: corrupted.count, by: 11) { corrupted[index] = UInt8((index * 37) & 0xFF) }
        _ = NvbandwidthParser.parse(corrupted)
        _ = NvbandwidthParser.parse(Array(repeating: 0x7B, count: 10_000))
        _ = NvbandwidthParser.parse(Array("Running x.\n(\n".utf8) + Array(repeating: 0x20, count: 5000) + [0x0A])
    }

    @Test func emptyAndForeignInputSayWhy() {
        #expect(NvbandwidthParser.parse([]).diagnostics.first?.severity == .error)
        #expect(NvbandwidthParser.parse(Array("{\"other\": 1}".utf8)).diagnostics.first?.message.contains("unreadable") == true)
        #expect(NvbandwidthParser.parse(Array("{\"nvbandwidth\": {\"error\": \"no CUDA device\"}}".utf8)).error == "no CUDA device")
    }
}
