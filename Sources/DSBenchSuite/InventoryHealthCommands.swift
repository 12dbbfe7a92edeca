import DSBenchCore

/// `inventory: {health: quick|full, kernel_log_window: 24h}`: what an inventory step records of
/// the GPUs' health besides the fixed inventory.
public struct InventoryOptions: Sendable, Equatable {
    public enum Health: String, Sendable, Equatable, CaseIterable {
        /// No health capture (the default, as before).
        case off
        /// The health `--query-gpu` and the kernel log: about 0.1 s a node (two nvidia-smi calls, 0.04 s each on the H200).
        case quick
        /// Also `nvidia-smi -q -d …` (clock event counters, ECC by location, remap histogram) and `nvlink -e`.
        case full
    }

    public var health: Health
    /// How far back `journalctl -k` reads; dmesg reads its whole ring buffer (since boot: util-linux
    /// before 2.40 has no time filter).
    public var kernelLogWindowSeconds: Double

    public static let defaultKernelLogWindowSeconds: Double = 24 * 3600

    public init(health: Health = .off, kernelLogWindowSeconds: Double = InventoryOptions.defaultKernelLogWindowSeconds) {
        self.health = health; self.kernelLogWindowSeconds = kernelLogWindowSeconds
    }
}

extension InventoryCommands {
    /// The health `--query-gpu` fields, as in Tests/Fixtures/health/smi_query_health.txt: throttle
    /// reasons, ECC totals, retired and remapped rows, temperatures, power, clocks, PCIe link.
    public static let healthQueryFields = [
        "index", "pci.bus_id", "clocks_event_reasons.active", "clocks_event_reasons.hw_slowdown",
        "clocks_event_reasons.hw_thermal_slowdown", "clocks_event_reasons.hw_power_brake_slowdown",
        "clocks_event_reasons.sw_thermal_slowdown", "clocks_event_reasons.sw_power_cap",
        "ecc.mode.current", "ecc.errors.uncorrected.volatile.total", "ecc.errors.corrected.volatile.total",
        "ecc.errors.uncorrected.aggregate.total", "retired_pages.pending", "remapped_rows.pending",
        "remapped_rows.failure", "temperature.gpu", "temperature.memory", "power.draw", "power.limit",
        "clocks.sm", "clocks.mem", "utilization.gpu", "pcie.link.gen.current", "pcie.link.width.current",
    ]

    /// The `-q` sections the health rules read.
    public static let healthQuerySections = "PERFORMANCE,CLOCK,POWER,TEMPERATURE,ECC,PAGE_RETIREMENT,ROW_REMAPPER"

    /// Label, argv, parser of the health capture; every one optional: a node without journalctl, a
    /// dmesg restricted to root, a GPU without NVLink gives a note on the step, never a failure.
    /// journalctl and dmesg both run because which one a node allows is known only by trying;
    /// the Xid rule counts a line seen by both once.
    public static func healthSpecs(_ options: InventoryOptions) -> [(label: String, argv: [String], parser: ParserKind)] {
        guard options.health != .off else { return [] }
        var specs: [(label: String, argv: [String], parser: ParserKind)] = [
            ("smi-health", ["nvidia-smi", "--query-gpu=" + healthQueryFields.joined(separator: ","), "--format=csv"],
             .smiHealth),
        ]
        if options.health == .full {
            specs.append(("smi-q", ["nvidia-smi", "-q", "-d", healthQuerySections], .smiQ))
            specs.append(("nvlink-errors", ["nvidia-smi", "nvlink", "-e"], .nvlinkErrors))
        }
        let window = max(1, Int(options.kernelLogWindowSeconds.rounded()))
        specs.append(("kernel-log", ["journalctl", "-k", "--no-pager", "-o", "short-iso", "--since=-\(window)s"], .kernelLog))
        specs.append(("kernel-log-dmesg", ["dmesg", "--time-format=iso"], .kernelLog))
        return specs
    }

    public static func commands(options: InventoryOptions, env: [EnvVar], workingDirectory: String?,
                                timeoutSeconds: Double) -> [PlannedCommand] {
        commands(env: env, workingDirectory: workingDirectory, timeoutSeconds: timeoutSeconds)
            + healthSpecs(options).map { spec in
                PlannedCommand(label: spec.label, argv: spec.argv, env: env, workingDirectory: workingDirectory,
                               timeoutSeconds: timeoutSeconds, parser: spec.parser, optional: true)
            }
    }
}

extension StepDecoder {
    /// `inventory: {health: quick|full|off|true|false, kernel_log_window: 24h}`.
    func decodeInventoryOptions(_ entries: [NodeReader.Entry]) -> InventoryOptions? {
        var options = InventoryOptions()
        var valid = true
        for entry in entries {
            switch entry.key {
            case "health":
                let choices = InventoryOptions.Health.allCases.map(\.rawValue) + ["true", "false"]
                guard let text = reader.choice(entry.value, path: entry.path, from: choices, what: "health capture") else {
                    valid = false; continue
                }
                options.health = text == "true" ? .full : text == "false" ? .off : InventoryOptions.Health(rawValue: text) ?? .off
            case "kernel_log_window":
                guard let seconds = reader.duration(entry.value, path: entry.path), seconds > 0 else { valid = false; continue }
                options.kernelLogWindowSeconds = seconds
            default:
                continue
            }
        }
        return valid ? options : nil
    }
}
