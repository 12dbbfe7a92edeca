/// What a PCIe link carries per direction, from its generation and width.
public enum PCIeLink {
    /// GB/s per lane per direction after line coding: gen1/2 8b/10b (2.5, 5 GT/s), gen3–5
    /// 128b/130b (8, 16, 32 GT/s); gen6 (64 GT/s PAM4, FLIT) ≈ 7.56. A gen5 x16 link carries
    /// 63 GB/s; the 1×H200 capture measured 55.4 GB/s host→device on one (88 %).
    public static func gigabytesPerLane(generation: Int) -> Double? {
        switch generation {
        case 1: return 0.25
        case 2: return 0.5
        case 3: return 0.985
        case 4: return 1.969
        case 5: return 3.938
        case 6: return 7.563
        default: return nil
        }
    }

    /// Per-direction capacity of a gen × width link, nil for a generation this table does not know.
    public static func capacity(generation: Int, width: Int) -> Double? {
        guard width > 0 else { return nil }
        return gigabytesPerLane(generation: generation).map { $0 * Double(width) }
    }

    /// The link trained narrower than the GPU can (`pcie.link_degraded`; the inventory table
    /// marks the same GPUs). Unknown widths are not judged.
    public static func isNarrower(current: Int?, max: Int?) -> Bool {
        guard let current, let max else { return false }
        return current < max
    }
}
