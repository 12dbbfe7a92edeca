import DSBenchCore
import Foundation

/// nvbandwidth's `-j` output: `{"nvbandwidth": {version, git_version, "Driver Version",
/// "CUDA Runtime Version", "GPU Device list", testcases: [{name, status, bandwidth_description,
/// bandwidth_matrix (strings, "N/A" where a pair has none), sum, error}], error, warning}}`.
/// The matrix has no labels: rows and columns are indexes from 0, their kinds from the description.
public enum NvbandwidthJSONParser {
    /// On the bytes where `NvbandwidthJSONBytes` reads the document (everything nvbandwidth
    /// writes), else through `JSONSerialization`.
    public static func parse(_ bytes: [UInt8]) -> NvbandwidthReport {
        bytes.withUnsafeBufferPointer(NvbandwidthJSONBytes.parse) ?? parseSerialized(bytes)
    }

    private static func parseSerialized(_ bytes: [UInt8]) -> NvbandwidthReport {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let root = object["nvbandwidth"] as? [String: Any] else {
            var report = NvbandwidthReport()
            report.diagnostics = [Diagnostic(.error, "unreadable nvbandwidth JSON (cut off, or not `nvbandwidth -j` output)")]
            return report
        }
        var testcases: [Testcase] = []
        for case let item as [String: Any] in (root["testcases"] as? [Any]) ?? [] {
            let rows = (item["bandwidth_matrix"] as? [Any]) ?? []
            let values = rows.map { row in
                ((row as? [Any]) ?? []).map { cell -> Double? in
                    if let text = cell as? String { return text == "N/A" ? nil : Double(text).flatMap { $0.isFinite ? $0 : nil } }
                    return (cell as? NSNumber)?.doubleValue
                }
            }
            let description = (item["bandwidth_description"] as? String).map { ($0, NvbandwidthDescription(Substring($0))) }
            testcases.append(Testcase(name: item["name"] as? String, status: item["status"] as? String, error: item["error"] as? String,
                                      description: description, values: values, sum: (item["sum"] as? NSNumber)?.doubleValue))
        }
        return report(version: root["version"] as? String, driverVersion: root["Driver Version"] as? String,
                      cudaRuntimeVersion: (root["CUDA Runtime Version"] as? NSNumber)?.intValue,
                      devices: (root["GPU Device list"] as? [Any])?.compactMap { $0 as? String } ?? [],
                      error: root["error"] as? String, testcases: testcases)
    }

    /// A testcase's fields as either reading finds them (nil: absent or of another type).
    struct Testcase {
        var name: String?
        var status: String?
        var error: String?
        var description: (text: String, parts: NvbandwidthDescription)?
        var values: [[Double?]]
        var sum: Double?
    }

    /// The report of the document's fields: what both readings share.
    static func report(version: String?, driverVersion: String?, cudaRuntimeVersion: Int?, devices: [String],
                       error: String?, testcases: [Testcase]) -> NvbandwidthReport {
        var report = NvbandwidthReport()
        var log = CappedDiagnostics()
        report.version = version.flatMap { $0.isEmpty ? nil : $0 }
        report.driverVersion = driverVersion
        report.cudaRuntimeVersion = cudaRuntimeVersion
        report.devices = devices
        report.error = error
        report.testcases = testcases.map { testcase($0, log: &log) }
        if report.testcases.isEmpty, report.error == nil {
            log.add(.warning, line: nil, kind: "empty", "nvbandwidth JSON lists no testcase")
        }
        if let error = report.error { log.add(.error, line: nil, kind: "tool error", "nvbandwidth reported: \(error)") }
        report.diagnostics = log.finished()
        return report
    }

    private static func testcase(_ item: Testcase, log: inout CappedDiagnostics) -> NvbandwidthTestcase {
        let statusText = item.status ?? ""
        let known = NvbandwidthStatus(rawValue: statusText)
        var status = known ?? .incomplete
        // A testcase that recorded an error keeps `Running` as its status in the JSON.
        if item.error != nil, status != .waived { status = .error }
        if known == nil, item.error == nil {
            log.add(.warning, line: nil, kind: "status", "testcase \(item.name ?? "?") has status '\(statusText.prefix(40))'")
        }
        var testcase = NvbandwidthTestcase(name: item.name, status: status, message: item.error)
        if let description = item.description {
            testcase.description = description.text
            testcase.unit = description.parts.unit
            testcase.rowKind = description.parts.rowKind
            testcase.columnKind = description.parts.columnKind
        }
        testcase.values = item.values
        testcase.rowLabels = item.values.indices.map(String.init)
        testcase.columnLabels = (0..<(item.values.map(\.count).max() ?? 0)).map(String.init)
        testcase.sum = item.sum
        return testcase
    }
}

/// Both forms under one parser kind: JSON when the first byte that is not white space is `{`.
public enum NvbandwidthParser {
    public static func parse(_ bytes: [UInt8]) -> NvbandwidthReport {
        let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return first == UInt8(ascii: "{") ? NvbandwidthJSONParser.parse(bytes) : NvbandwidthTextParser.parse(bytes)
    }
}
