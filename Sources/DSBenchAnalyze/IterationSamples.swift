import DSBenchCore

/// Which samples a size's comparison rests on.
public enum SampleKind: String, Sendable, Codable {
    /// One busbw per iteration, from the CUDA-event times of nccl-tests `-I 1` (JSON).
    case perIteration = "per-iteration"
    /// One busbw per row half (the mean over the step's iterations), per repeat and run.
    case runMeans = "run means"
    /// A band whose sizes did not all use the same kind.
    case mixed
}

/// Per-iteration busbw samples: busbwᵢ = size / timeᵢ × (busbw/algbw), the step's collective
/// factor as `BusbwSamples` reads it. A size gets them only when every row half that gives it a
/// mean sample also has iteration times: a per-iteration set that silently left out a repeat or a
/// baseline run (logged without `-I`) would compare other runs than the means do.
public enum IterationSamples {
    public static func table(_ steps: [NcclStepResults], matchStepNames: Bool) -> BusbwSamples.Table {
        var table: BusbwSamples.Table = [:]
        var incomplete: [SeriesKey: Set<Int64>] = [:]
        var ceilings = NcclPlausibility.CeilingCache()
        for step in steps {
            let ceiling = ceilings.ceiling(gpuModel: step.gpuModel)
            let factor = BusbwSamples.busbwFactor(step, ceiling: ceiling)
            for point in step.points {
                let key = SeriesKey.of(step, point, matchStepNames: matchStepNames)
                BusbwSamples.forEachAdmittedHalf(point, ranks: step.ranks, ceiling: ceiling) { half in
                    guard BusbwSamples.busbw(half, size: point.size, factor: factor) != nil else { return }
                    guard let factor, let times = half.iterationTimesUs, !times.isEmpty else {
                        incomplete[key, default: []].insert(point.size); return
                    }
                    let bytes = Double(point.size)
                    // µs → bytes/µs = MB/s; /1e3 → GB/s, as nccl-tests computes algbw.
                    table[key, default: [:]][point.size, default: []] += times.compactMap { time in
                        time.isFinite && time > 0 ? bytes / (time * 1e3) * factor : nil
                    }
                }
            }
        }
        for (key, sizes) in incomplete {
            for size in sizes { table[key]?[size] = nil }
            if table[key]?.isEmpty == true { table[key] = nil }
        }
        return table
    }
}
