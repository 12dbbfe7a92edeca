import DSBenchCore
import DSBenchEngine
import DSBenchTestSupport
import Foundation

/// The 2× H200 `-I 1` captures (Tests/Fixtures/h200-x2-iter), read independently of the product
/// parser: JSONSerialization over the file, as a test oracle.
enum IterationCaptures {
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Fixtures.data("h200-x2-iter/" + name)) }

    /// Ingests `name` (a `.json` as nccl-tests-json, a `.txt` as nccl-tests) into a new run.
    @discardableResult
    static func ingest(_ name: String, into captures: CaptureStore, bytes override: [UInt8]? = nil) throws -> Int64 {
        let kind: ParserKind = name.hasSuffix(".json") ? .ncclTestsJSON : .ncclTests
        return try captures.ingestor.ingest([Ingestor.File(kind: kind, path: name, bytes: try override ?? bytes(name))],
                                            node: "local", runID: nil).runID
    }

    /// size → the kept times of both halves (`skipped_iterations` dropped), in file order.
    static func times(_ name: String) throws -> [Int64: [Double]] {
        let root = try JSONSerialization.jsonObject(with: Data(try bytes(name))) as? [String: Any]
        var out: [Int64: [Double]] = [:]
        for case let row as [String: Any] in (root?["results"] as? [Any]) ?? [] {
            guard let size = (row["size"] as? NSNumber)?.int64Value else { continue }
            for key in ["out_of_place_per_iter", "in_place_per_iter"] {
                guard let perIter = row[key] as? [String: Any], let times = perIter["times_us"] as? [NSNumber] else { continue }
                let skipped = (perIter["skipped_iterations"] as? NSNumber)?.intValue ?? 0
                out[size, default: []] += times.dropFirst(skipped).map(\.doubleValue)
            }
        }
        return out
    }

    /// busbw per iteration of all_reduce on 2 ranks (factor 2(n−1)/n = 1): bytes / µs / 1e3.
    static func busbw(size: Int64, times: [Double]) -> [Double] { times.map { Double(size) / ($0 * 1e3) } }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The JSON with the `*_per_iter` objects of one size removed (as if logged without -I).
    static func withoutIterations(_ name: String, size: Int64) throws -> [UInt8] {
        var root = (try JSONSerialization.jsonObject(with: Data(try bytes(name))) as? [String: Any]) ?? [:]
        root["results"] = ((root["results"] as? [[String: Any]]) ?? []).map { row in
            guard (row["size"] as? NSNumber)?.int64Value == size else { return row }
            var copy = row
            copy["out_of_place_per_iter"] = nil
            copy["in_place_per_iter"] = nil
            return copy
        }
        return Array(try JSONSerialization.data(withJSONObject: root))
    }
}
