/// The per-iteration samples of one `*_per_iter` object of the nccl-tests JSON (`-I 1`, ≥ 2.19.2).
///
/// `times_us` holds every timed iteration, the `-K` ones included (`skipped_iterations` of them at
/// the front, JSON v3); the printed i_* statistics are taken over the rest. With more than one
/// process, `per_process_max_times_us` holds each process's own times and the statistics use the
/// max over processes of each iteration (the slowest rank finishes the collective), so that is
/// what is returned then. Values that are not finite positive numbers are dropped (an iteration
/// nccl-tests could not time is no sample).
enum NcclTestsIterationTimes {
    struct Samples: Equatable {
        var timesUs: [Double]
        var skipped: Int
    }

    static func read(_ perIter: [String: Any]) -> Samples? {
        let all: [Double?]
        if let processes = perIter["per_process_max_times_us"] as? [Any], processes.count > 1 {
            let lists = processes.map { ($0 as? [Any]) ?? [] }
            let count = lists.map(\.count).min() ?? 0
            all = (0..<count).map { index in
                lists.compactMap { sample($0[index]) }.max()
            }
        } else if let times = perIter["times_us"] as? [Any] {
            all = times.map(sample)
        } else {
            return nil
        }
        let skipped = min(max(NcclTestsJSONValue.int(perIter["skipped_iterations"]) ?? 0, 0), all.count)
        let kept = all.dropFirst(skipped).compactMap { $0 }
        guard !kept.isEmpty else { return nil }
        return Samples(timesUs: kept, skipped: skipped)
    }

    private static func sample(_ value: Any) -> Double? {
        guard let time = NcclTestsJSONValue.double(value), time > 0 else { return nil }
        return time
    }
}

extension NcclTestsJSONParser {
    /// Whether a `-J` file holds per-iteration times (`-I 1`), found without decoding it: the
    /// engine parses such a JSON even when the step's text table is the record, for the times.
    public static func mayHoldIterationTimes(_ bytes: [UInt8]) -> Bool {
        let needle = Array("times_us\"".utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            // memchr to each `"`, then compare the key after it.
            while let quote = ByteSearch.first(0x22, in: buffer, from: start, to: buffer.count) {
                let end = quote + 1 + needle.count
                if end <= buffer.count, buffer[(quote + 1)..<end].elementsEqual(needle) { return true }
                start = quote + 1
            }
            return false
        }
    }
}
