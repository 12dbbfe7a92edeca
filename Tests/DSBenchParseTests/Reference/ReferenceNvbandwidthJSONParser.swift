// The JSON parser as it was before issue 14 (c89ad8c, JSONSerialization); kept verbatim but
// renamed: NvbandwidthEquivalenceTests.swift compares the new one with it.
@testable import DSBenchParse

import DSBenchCore
import Foundation

/// nvbandwidth's `-j` output: `{"nvbandwidth": {version, git_version, "Driver Version",
/// "CUDA Runtime Version", "GPU Device list", testcases: [{name, status, bandwidth_description,
/// bandwidth_matrix (strings, "N/A" where a pair has none), sum, error}], error, warning}}`.
/// The matrix has no labels: rows and columns are indexes from 0, their kinds from the description.
enum ReferenceNvbandwidthJSONParser {
    static func parse(_ bytes: [UInt8]) -> NvbandwidthReport {
        var report = NvbandwidthReport()
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let root = object["nvbandwidth"] as? [String: Any] else {
            report.diagnostics = [Diagnostic(.error, "unreadable nvbandwidth JSON (cut off, or not `nvbandwidth -j` output)")]
            return report
        }
        var log = CappedDiagnostics()
        report.version = (root["version"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        report.driverVersion = root["Driver Version"] as? String
        report.cudaRuntimeVersion = (root["CUDA Runtime Version"] as? NSNumber)?.intValue
        report.devices = (root["GPU Device list"] as? [Any])?.compactMap { $0 as? String } ?? []
        report.error = root["error"] as? String
        for case let item as [String: Any] in (root["testcases"] as? [Any]) ?? [] {
            report.testcases.append(testcase(item, log: &log))
        }
        if report.testcases.isEmpty, report.error == nil {
            log.add(.warning, line: nil, kind: "empty", "nvbandwidth JSON lists no testcase")
        }
        if let error = report.error { log.add(.error, line: nil, kind: "tool error", "nvbandwidth reported: \(error)") }
        report.diagnostics = log.finished()
        return report
    }

    private static func testcase(_ item: [String: Any], log: inout CappedDiagnostics) -> NvbandwidthTestcase {
        let name = item["name"] as? String
        let statusText = item["status"] as? String ?? ""
        var status = NvbandwidthStatus(rawValue: statusText) ?? .incomplete
        let error = item["error"] as? String
        // A testcase that recorded an error keeps `Running` as its status in the JSON.
        if error != nil, status != .waived { status = .error }
        if NvbandwidthStatus(rawValue: statusText) == nil, error == nil {
            log.add(.warning, line: nil, kind: "status", "testcase \(name ?? "?") has status '\(statusText.prefix(40))'")
        }
        var testcase = NvbandwidthTestcase(name: name, status: status, message: error)
        if let description = item["bandwidth_description"] as? String {
            let parts = NvbandwidthDescription(Substring(description))
            testcase.description = description
            testcase.unit = parts.unit
            testcase.rowKind = parts.rowKind
            testcase.columnKind = parts.columnKind
        }
        let rows = (item["bandwidth_matrix"] as? [Any]) ?? []
        for row in rows {
            let cells = (row as? [Any]) ?? []
            testcase.values.append(cells.map { cell in
                if let text = cell as? String { return text == "N/A" ? nil : Double(text).flatMap { $0.isFinite ? $0 : nil } }
                return (cell as? NSNumber)?.doubleValue
            })
        }
        testcase.rowLabels = testcase.values.indices.map(String.init)
        testcase.columnLabels = (0..<(testcase.values.map(\.count).max() ?? 0)).map(String.init)
        testcase.sum = (item["sum"] as? NSNumber)?.doubleValue
        return testcase
    }
}
