/// The canonical keys of `GPUHealthSnapshot` values, and how each nvidia-smi form spells them.
/// The `-q` text and the `-q -x` XML name the same reading differently (`HW Power Brake Slowdown`
/// under `HW Slowdown` vs `clocks_event_reason_hw_power_brake_slowdown`), and drivers before 535
/// said "throttle" where later ones say "event"; the rules read only the keys on the right.
public enum GPUHealthKey {
    public static let ecc = "ecc.mode.current"
    public static let remapPending = "remapped_rows.pending"
    public static let remapFailure = "remapped_rows.failure"
    public static let retiredPending = ["retired_pages.pending", "retired_pages.pending_blacklist",
                                        "retired_pages.pending_retirement"]
    /// Uncorrectable ECC counters, of every generation's layout (SRAM/DRAM on Hopper, single/double
    /// bit before it, the `--query-gpu` totals).
    public static let uncorrectable = [
        "ecc.volatile.dram_uncorrectable", "ecc.volatile.sram_uncorrectable_parity",
        "ecc.volatile.sram_uncorrectable_secded", "ecc.volatile.double_bit_total", "ecc.volatile.uncorrected_total",
        "ecc.aggregate.dram_uncorrectable", "ecc.aggregate.sram_uncorrectable_parity",
        "ecc.aggregate.sram_uncorrectable_secded", "ecc.aggregate.double_bit_total", "ecc.aggregate.uncorrected_total",
    ]
    /// Clock event reasons that mean the hardware, not a setting, is holding the clocks down.
    public static let slowdownReasons = ["clocks_event.hw_slowdown", "clocks_event.hw_thermal_slowdown",
                                         "clocks_event.hw_power_brake_slowdown", "clocks_event.sw_thermal_slowdown"]
    /// Their time counters (µs since the driver loaded), same order.
    public static let slowdownCounters = ["clocks_event_us.hw_thermal_slowdown", "clocks_event_us.hw_power_brake",
                                          "clocks_event_us.sw_thermal_slowdown"]
}
