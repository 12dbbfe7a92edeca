import DSBenchCore
import Foundation

/// `dsbench doctor`'s output: a table of the nodes' readiness, or the same as JSON.
public enum DoctorText {
    public static func table(_ results: [NodeReadiness]) -> String {
        let header = ["NODE", "READY", "DRIVER", "GPUS", "NCCL-TESTS", "VERSION", "NVBANDWIDTH", "PROFILERS", "FREE", "SKEW", "PROBLEMS"]
        var rows = [header]
        for r in results {
            rows.append([
                r.node, r.ready ? "yes" : "NO", r.driverVersion ?? "-", r.gpuCount.map(String.init) ?? "-",
                r.ncclTests.map { ($0 as NSString).lastPathComponent + (r.ncclTestsJSON == true ? " (+json)" : "") } ?? "-",
                r.ncclProbeSummary,
                r.nvbandwidth.map { _ in r.nvbandwidthVersion ?? "yes" } ?? "-",
                profilers(r),
                r.freeDiskBytes.map { String(format: "%.1fG", Double($0) / 1_073_741_824) } ?? "-",
                r.clockSkewSeconds.map { String(format: "%+.2fs", $0) } ?? "-",
                r.problems.joined(separator: "; "),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let notReady = results.filter { !$0.ready }.count
        return (lines + ["\(results.count - notReady) of \(results.count) nodes ready"]).joined(separator: "\n")
    }

    /// `ncu 2025.3.1.0, nsys -`: which profilers `profile:` steps would find.
    public static func profilers(_ r: NodeReadiness) -> String {
        let found = [("ncu", r.ncu, r.ncuVersion), ("nsys", r.nsys, r.nsysVersion)].compactMap { name, path, version in
            path.map { _ in "\(name) \(version ?? "yes")" }
        }
        return found.isEmpty ? "-" : found.joined(separator: ", ")
    }

    public static func json(_ results: [NodeReadiness]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(results) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
