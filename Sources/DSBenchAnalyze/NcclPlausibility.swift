import DSBenchCore

/// Whether one nccl-tests measurement (one row half: out-of-place or in-place) can be a bandwidth
/// at all. nccl-tests prints whatever its timer gave: on one H200 the in-place broadcast is a
/// no-op of ~1 µs at every size, printed as `9e+06` GB/s, and a 1-rank all_reduce moves nothing,
/// printed as busbw 0.00 (`Tests/Fixtures/h200-x1/`). Such values are stored as printed and
/// left out of everything derived from busbw (`BusbwSamples` admits only `.plausible`).
///
/// Implausible when:
/// - busbw or algbw is above the GPU's memory bandwidth. Every collective reads its input from or
///   writes its output to HBM once at least, so neither figure can pass the HBM bandwidth: on one
///   H200 a real local copy (out-of-place broadcast) reaches 2148.5 GB/s of the 4800.
/// - the time is below 1 µs at ≥ 1 MiB: launching a kernel and recording its CUDA events takes
///   longer (the fastest real time in the captures is 5.25 µs: a 1-rank all_reduce of 2 KiB; the
///   no-op in-place halves print 0.26–1.23 µs).
public enum NcclPlausibility {
    public enum Verdict: Sendable, Equatable {
        case plausible
        case implausible(Reason)
        /// One rank and a busbw of 0: no measurement. Either the collective moves nothing on one
        /// rank (all_reduce, all_gather, reduce_scatter, alltoall: busbw = algbw × (n−1)/n or
        /// 2(n−1)/n = 0 by definition) or the value is below the 0.005 GB/s that prints as 0.00
        /// (a 1-rank broadcast of 8–32 B).
        case notMeasuredOneRank
    }

    public enum Reason: Sendable, Equatable {
        case busbwAboveCeiling(busbw: Double, ceiling: Ceiling)
        case algbwAboveCeiling(algbw: Double, ceiling: Ceiling)
        case timeTooShort(timeUs: Double, size: Int64)

        /// `busbw 9e+06 GB/s above the 4800 GB/s HBM bandwidth of NVIDIA H200`.
        public var text: String {
            switch self {
            case let .busbwAboveCeiling(value, ceiling):
                return "busbw \(printed(value)) GB/s above the \(printed(ceiling.gbps)) GB/s \(ceiling.what)"
            case let .algbwAboveCeiling(value, ceiling):
                return "algbw \(printed(value)) GB/s above the \(printed(ceiling.gbps)) GB/s \(ceiling.what)"
            case let .timeTooShort(time, size):
                return "\(printed(time)) µs for \(Format.bytes(size)): below the \(printed(minimumTimeUs)) µs "
                    + "a collective of ≥ \(Format.bytes(minimumTimeBytes)) takes at least"
            }
        }
    }

    /// The fastest any bandwidth of a GPU model can be.
    public struct Ceiling: Sendable, Equatable {
        public var gbps: Double
        /// `HBM bandwidth of NVIDIA H200`.
        public var what: String
    }

    public static let minimumTimeUs = 1.0
    public static let minimumTimeBytes: Int64 = 1 << 20

    /// Peak memory bandwidth per GPU model (GB/s), from the vendor data sheets: H100 SXM 3.35 TB/s,
    /// H100 NVL 3.9, H100 PCIe 2.0 (NVIDIA H100 Tensor Core GPU datasheet, 2023); H200 4.8 (H200
    /// datasheet, 2024); GH200 4.9 (HBM3e; GH200 Grace Hopper Superchip datasheet); B200 and B100
    /// 8 TB/s (DGX B200 / HGX B200 datasheets, 2024); A100 80GB SXM 2039, 80GB PCIe 1935, 40GB 1555
    /// (A100 datasheet, 2021); V100 900 (V100S 1134; V100 datasheet); L40S 864; L4 300; A10 600.
    /// Matched against the device name nccl-tests prints (`NVIDIA H100 80GB HBM3`, `NVIDIA
    /// A100-SXM4-80GB`): the model is a word of the name, the qualifiers anywhere in it; first
    /// match wins, and where the variant is not named, the fastest one.
    static let hbm: [(model: String, qualifiers: [String], gbps: Double)] = [
        ("gh200", [], 4900), ("h200", [], 4800), ("b200", [], 8000), ("gb200", [], 8000), ("b100", [], 8000),
        ("h100", ["pcie"], 2000), ("h100", ["nvl"], 3900), ("h100", ["hbm3"], 3350), ("h100", ["sxm"], 3350),
        ("h100", [], 3900), ("h800", [], 3350),
        ("a100", ["pcie", "80"], 1935), ("a100", ["80"], 2039), ("a100", ["40"], 1555), ("a100", [], 2039),
        ("a800", [], 2039), ("v100s", [], 1134), ("v100", [], 900), ("l40s", [], 864), ("l40", [], 864),
        ("l4", [], 300), ("a10", [], 600), ("a10g", [], 600),
    ]

    /// For a model the table does not know: above any GPU's HBM (B200: 8000), still far below the
    /// 9e+06 a no-op prints.
    public static let genericCeilingGBps = 10_000.0

    public static func ceiling(gpuModel: String?) -> Ceiling {
        let name = gpuModel?.lowercased() ?? ""
        let words = Set(name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).map(String.init))
        if let entry = hbm.first(where: { words.contains($0.model) && $0.qualifiers.allSatisfy(name.contains) }) {
            return Ceiling(gbps: entry.gbps, what: "HBM bandwidth of \(gpuModel ?? "")")
        }
        return Ceiling(gbps: genericCeilingGBps, what: "ceiling for a GPU model without a known HBM bandwidth"
                       + (gpuModel.map { " (\($0))" } ?? ""))
    }

    /// `ceiling(gpuModel:)` once per model: a year of nightly steps repeats one or two names.
    struct CeilingCache {
        private var known: [String: Ceiling] = [:]
        mutating func ceiling(gpuModel: String?) -> Ceiling {
            let key = gpuModel ?? ""
            if let ceiling = known[key] { return ceiling }
            let ceiling = NcclPlausibility.ceiling(gpuModel: gpuModel)
            known[key] = ceiling
            return ceiling
        }
    }

    /// The one predicate: a half of a row of `size` bytes as printed (nil: `N/A` or not printed).
    public static func classify(size: Int64, timeUs: Double?, algbw: Double?, busbw: Double?, ranks: Int?,
                                ceiling: Ceiling) -> Verdict {
        if ranks == 1, busbw == 0 { return .notMeasuredOneRank }
        if let busbw, busbw > ceiling.gbps { return .implausible(.busbwAboveCeiling(busbw: busbw, ceiling: ceiling)) }
        if let algbw, algbw > ceiling.gbps { return .implausible(.algbwAboveCeiling(algbw: algbw, ceiling: ceiling)) }
        if let timeUs, timeUs < minimumTimeUs, size >= minimumTimeBytes {
            return .implausible(.timeTooShort(timeUs: timeUs, size: size))
        }
        return .plausible
    }

    public static func classify(size: Int64, timeUs: Double?, algbw: Double?, busbw: Double?, ranks: Int?,
                                gpuModel: String?) -> Verdict {
        classify(size: size, timeUs: timeUs, algbw: algbw, busbw: busbw, ranks: ranks, ceiling: ceiling(gpuModel: gpuModel))
    }

    /// As nccl-tests prints large values (`9e+06`), else up to two decimals.
    static func printed(_ value: Double) -> String {
        value.isFinite && value >= 1e6 ? String(format: "%.0e", value) : Num.text(value)
    }
}
