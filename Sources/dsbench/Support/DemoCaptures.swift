import DSBenchCore
import DSBenchEngine
import Foundation

/// The bundled captures the demo ingests: which kind of log each is, and what its `.cmd` record
/// says about how it was made.
enum DemoCaptures {
    static let map: [(prefix: String, kind: ParserKind)] = [
        ("a_query-gpu_csv.txt", .queryGPU), ("a_topo-m.txt", .topo), ("a_nvlink-s.txt", .nvlink),
        ("a_nvidia-smi.txt", .smiSummary), ("a_uname.txt", .uname), ("a_os-release.txt", .osRelease),
        ("b_", .ncclTests), ("c_", .ncclTests), ("e_2gpu", .ncclTests), ("e_p2p_disable.txt", .ncclTests),
        ("e_p2p_disable_INFO.txt", .ncclTests),
        ("f_dmon_pucvmet", .dmon),
    ]

    struct Capture {
        var file: Ingestor.File
        var record: CaptureRecord?
    }

    /// Each capture becomes a step named after it (`b_all_reduce_8-8G_r1`), timed as its `.cmd`
    /// record says it ran.
    static func load(from folder: String) throws -> [Capture] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw CommandFailure.usage("\(folder): no such folder; run from the repository root or pass --captures DIR")
        }
        var captures: [Capture] = []
        for (prefix, kind) in map {
            for name in names.sorted() where name.hasPrefix(prefix) && name.hasSuffix(".txt") {
                let path = folder + "/" + name
                let stem = String(name.dropLast(4))
                let record = (try? String(contentsOfFile: folder + "/" + stem + ".cmd", encoding: .utf8)).map(CaptureRecord.init)
                captures.append(Capture(
                    file: Ingestor.File(kind: kind, path: path, bytes: try ReadInput.bytes(path), stepName: stem,
                                        startedAt: record?.startedAt, endedAt: record?.endedAt),
                    record: record))
            }
        }
        return captures
    }
}

/// A capture's `.cmd` file (`key: value` lines, `#` comments): how the output was produced.
struct CaptureRecord {
    var fields: [String: String] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    var startedAt: Date? { fields["start_utc"].flatMap(Self.date) }
    var endedAt: Date? { fields["end_utc"].flatMap(Self.date) }

    /// The variables set on the command line (`NCCL_P2P_DISABLE=1`); empty for `(none)`.
    var commandEnv: [String] {
        (fields["env_command"] ?? "").split(separator: " ").map(String.init).filter { $0.contains("=") }
    }

    /// Run with NVLink P2P switched off on purpose, to show what the transport rules find.
    var degradedOnPurpose: Bool { commandEnv.contains("NCCL_P2P_DISABLE=1") }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
