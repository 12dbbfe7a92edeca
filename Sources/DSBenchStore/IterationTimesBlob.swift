import DSBenchCore
import Foundation

/// The `nccl_iterations.*_times` encoding: little-endian float64, 8 bytes a sample (see
/// Migrations/0007_iterations.sql for why a BLOB).
public enum IterationTimesBlob {
    public static func encode(_ times: [Double]) -> Data {
        var data = Data(count: times.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (index, time) in times.enumerated() {
                raw.storeBytes(of: time.bitPattern.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
        }
        return data
    }

    /// nil for a blob whose length is not a multiple of 8 (not written by `encode`).
    public static func decode(_ data: Data) -> [Double]? {
        guard data.count % 8 == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 8)).map { index in
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
            }
        }
    }
}

extension Store {
    /// A `nccl_iterations.*_times` value; nil for NULL or an unreadable blob.
    static func iterationTimes(_ blob: Data?) -> [Double]? {
        guard let blob, let times = IterationTimesBlob.decode(blob), !times.isEmpty else { return nil }
        return times
    }
}
