import DSBenchCore

/// The fixed hardware-review commands an `inventory:` step runs, in this order.
public enum InventoryCommands {
    /// Fields of `nvidia-smi --query-gpu`; the parser reads them by this order.
    public static let queryGPUFields = [
        "index", "pci.bus_id", "uuid", "driver_version", "vbios_version", "memory.total",
        "pcie.link.gen.current", "pcie.link.gen.max", "pcie.link.width.current", "pcie.link.width.max",
        "compute_cap", "persistence_mode", "power.limit", "clocks.max.sm", "clocks.max.mem", "name",
    ]

    public static let defaultTimeoutSeconds: Double = 120

    /// Label, argv, parser, optional. Only `query-gpu` must succeed: the rest are recorded when they
    /// fail (no NVLink on PCIe cards, no /etc/os-release in minimal images) without failing the step.
    public static let specs: [(label: String, argv: [String], parser: ParserKind, optional: Bool)] = [
        ("query-gpu", ["nvidia-smi", "--query-gpu=" + queryGPUFields.joined(separator: ","),
                       "--format=csv,nounits"], .queryGPU, false),
        ("topo", ["nvidia-smi", "topo", "-m"], .topo, true),
        ("nvlink", ["nvidia-smi", "nvlink", "-s"], .nvlink, true),
        ("smi", ["nvidia-smi"], .smiSummary, true),
        ("uname", ["uname", "-r"], .uname, true),
        ("os-release", ["cat", "/etc/os-release"], .osRelease, true),
    ]

    public static func commands(env: [EnvVar], workingDirectory: String?, timeoutSeconds: Double) -> [PlannedCommand] {
        specs.map { spec in
            PlannedCommand(label: spec.label, argv: spec.argv, env: env, workingDirectory: workingDirectory,
                           timeoutSeconds: timeoutSeconds, parser: spec.parser, optional: spec.optional)
        }
    }
}
