import DSBenchCore

/// What the health rules read from `nvidia-smi topo -m`.
extension TopologyMatrix {
    /// The cell between two GPUs by index (`NV18`, `SYS`, `PIX` …).
    func gpuLink(_ a: Int, _ b: Int) -> String? { link(from: "GPU\(a)", to: "GPU\(b)") }

    /// True when the two GPUs have NVLink between them (`NV#`).
    func hasNVLink(_ a: Int, _ b: Int) -> Bool { gpuLink(a, b)?.hasPrefix("NV") ?? false }

    /// The most common link between distinct GPUs (`NV18` on an 8×H200 board), nil without GPUs.
    var gpuInterconnect: String? {
        let gpus = devices.filter { $0.hasPrefix("GPU") }
        return Descriptive.mostCommon(gpus.flatMap { a in gpus.filter { $0 != a }.compactMap { link(from: a, to: $0) } })
    }

    /// InfiniBand/RoCE adapters the topology lists (`mlx5_0` from the NIC legend or old-style labels).
    var ibAdapters: [String] {
        let names = devices.filter { !$0.hasPrefix("GPU") }.map { nicLegend[$0] ?? $0 }
        return names.filter { $0.hasPrefix("mlx") || $0.hasPrefix("ibp") || $0.hasPrefix("bnxt_re") || $0.hasPrefix("irdma") }
    }
}
