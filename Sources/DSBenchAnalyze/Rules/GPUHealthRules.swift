import DSBenchCore

/// What a GPU says about its own health (`nvidia-smi -q`, the health `--query-gpu`, `nvlink -e`),
/// judged on the newest reading of each GPU, and on what rose between its first and last capture
/// of the run (an inventory before and after the load).
enum GPUHealthRules {
    static let all: [HealthRule] = [eccUncorrectable, remapPending, remapFailed, retiredPending, slowdown, nvlinkErrors]

    static let eccUncorrectable = HealthRule(
        id: "gpu.ecc_uncorrectable", severity: .critical,
        summary: "uncorrectable ECC errors on a GPU (volatile: since the last reset; aggregate only: in its lifetime, a warning)",
        hint: "drain the node; reset the GPU (nvidia-smi -r) to clear volatile counts and apply pending row remaps; "
            + "replace it if uncorrectable errors recur or the aggregate count grows",
        check: { input, rule in
            HealthGPUHistory.of(input.gpuStates).flatMap { gpu -> [Finding] in
                let counts = GPUHealthKey.uncorrectable.compactMap { key -> (String, Double, HealthGPUState)? in
                    guard let latest = gpu.latest(key), let count = latest.value.number, count > 0 else { return nil }
                    return (key, count, latest.state)
                }
                guard let worst = counts.max(by: { $0.1 < $1.1 }) else { return [] }
                let volatile = counts.contains { $0.0.hasPrefix("ecc.volatile.") }
                let evidence = counts.map { "\($0.0) = \(Num.text($0.1))" }.joined(separator: ", ")
                    + " " + HealthGPUHistory.place(worst.2)
                return [rule.finding(
                    "GPU \(gpu.index) on \(gpu.node) has \(Num.text(worst.1)) uncorrectable ECC error(s)"
                        + (volatile ? " since its last reset" : " in its lifetime (aggregate)"),
                    node: gpu.node, gpu: gpu.index, step: worst.2.stepKey, evidence: evidence,
                    observed: worst.1, expected: 0, severity: volatile ? .critical : .warning)]
            }
        })

    static let remapPending = flagRule(
        id: "gpu.row_remap_pending", severity: .critical,
        summary: "a row remap is pending on a GPU: a memory row failed and the remap takes effect only on reset",
        hint: "drain the node and reset the GPU (nvidia-smi -r, or reboot) to apply the remap; replace it if remaps keep coming",
        keys: [GPUHealthKey.remapPending], evidenceTail: remapCounts,
        message: { gpu in "GPU \(gpu.index) on \(gpu.node) has a pending row remap: it needs a reset" })

    static let remapFailed = flagRule(
        id: "gpu.row_remap_failed", severity: .critical,
        summary: "row remapping failed on a GPU: a bad memory row could not be replaced",
        hint: "drain the node and replace the GPU (RMA): its memory has run out of spare rows or cannot remap",
        keys: [GPUHealthKey.remapFailure], evidenceTail: remapCounts,
        message: { gpu in "GPU \(gpu.index) on \(gpu.node) reports a row remapping failure" })

    static let retiredPending = flagRule(
        id: "gpu.retired_pages_pending", severity: .warning,
        summary: "memory pages are waiting to be retired on a GPU (pre-Ampere page retirement): applied on reset",
        hint: "reset the GPU (nvidia-smi -r, or reboot) to retire the pages; replace it if retired pages keep growing",
        keys: GPUHealthKey.retiredPending,
        message: { gpu in "GPU \(gpu.index) on \(gpu.node) has retired pages pending: it needs a reset" })

    static let slowdown = HealthRule(
        id: "gpu.clock_slowdown", severity: .warning,
        summary: "a hardware slowdown, HW thermal, HW power-brake or SW thermal clock event reason is active on a GPU, "
            + "or its time counter rose between two captures of the run (it slowed under the load between them)",
        hint: "check cooling (inlet temperature, fans, airflow), the PSU and power cabling (power brake is an external "
            + "signal), and `nvidia-smi -q -d PERFORMANCE` while the load runs",
        check: { input, rule in
            HealthGPUHistory.of(input.gpuStates).flatMap { gpu -> [Finding] in
                var out: [Finding] = []
                let active = GPUHealthKey.slowdownReasons.compactMap { key -> (String, HealthGPUState)? in
                    guard let latest = gpu.latest(key), latest.value.isOn else { return nil }
                    return (key, latest.state)
                }
                if let first = active.first {
                    let names = active.map { reasonName($0.0) }
                    out.append(rule.finding(
                        "GPU \(gpu.index) on \(gpu.node): \(names.joined(separator: ", ")) active",
                        node: gpu.node, gpu: gpu.index, step: first.1.stepKey,
                        evidence: active.map { "\($0.0) = Active" }.joined(separator: ", ") + " "
                            + HealthGPUHistory.place(first.1) + temperatures(first.1)))
                }
                for key in GPUHealthKey.slowdownCounters {
                    guard let last = gpu.latest(key), let before = gpu.earliest(key),
                          let end = last.value.number, let start = before.value.number, end > start else { continue }
                    out.append(rule.finding(
                        "GPU \(gpu.index) on \(gpu.node) spent \(Num.text((end - start) / 1e6)) s in \(reasonName(key)) "
                            + "between two captures of the run",
                        node: gpu.node, gpu: gpu.index, step: last.state.stepKey,
                        evidence: "\(key) \(Num.text(start)) → \(Num.text(end)) µs, "
                            + HealthGPUHistory.place(before.state) + " → " + HealthGPUHistory.place(last.state),
                        observed: end - start, expected: 0))
                }
                return out
            }
        })

    static let nvlinkErrors = HealthRule(
        id: "gpu.nvlink_errors", severity: .warning,
        summary: "NVLink CRC, replay or recovery errors on a GPU's link: rising between two captures of the run, or "
            + "non-zero where only one capture exists",
        hint: "check `nvidia-smi nvlink -s` for link speed and `-e` again under load; reseat or replace the GPU or "
            + "baseboard if the count keeps rising (Xid 74 follows a failing link)",
        check: { input, rule in
            HealthGPUHistory.of(input.gpuStates).flatMap { gpu -> [Finding] in
                let counters = gpu.keys.filter { key in
                    key.hasPrefix("nvlink.") && (key.contains("crc") || key.contains("replay") || key.contains("recovery"))
                }
                let grown = counters.compactMap { key -> (String, Double, Double?, HealthGPUState)? in
                    guard let last = gpu.latest(key), let end = last.value.number else { return nil }
                    if let before = gpu.earliest(key), let start = before.value.number {
                        return end > start ? (key, end, start, last.state) : nil
                    }
                    return end > 0 ? (key, end, nil, last.state) : nil
                }
                guard let first = grown.first else { return [] }
                let rising = grown.contains { $0.2 != nil }
                return [rule.finding(
                    "GPU \(gpu.index) on \(gpu.node): NVLink errors " + (rising ? "rose during the run" : "counted since the driver loaded")
                        + " on \(Set(grown.map { linkName($0.0) }).count) link(s)",
                    node: gpu.node, gpu: gpu.index, step: first.3.stepKey,
                    evidence: grown.prefix(8).map { key, end, start, _ in
                        "\(key) " + (start.map { "\(Num.text($0)) → " } ?? "") + Num.text(end)
                    }.joined(separator: ", ") + " " + HealthGPUHistory.place(first.3),
                    observed: grown.map { $0.1 - ($0.2 ?? 0) }.reduce(0, +), expected: 0)]
            }
        })

    /// GPUs whose newest reading of any of `keys` is Yes / Active, with that key and capture.
    /// A rule that fires once per GPU whose latest reading of one of `keys` is on (non-zero, "Yes",
    /// "Active"), with that reading and where it was captured as evidence.
    private static func flagRule(id: String, severity: Finding.Severity, summary: String, hint: String, keys: [String],
                                 evidenceTail: @escaping @Sendable (HealthGPUState) -> String = { _ in "" },
                                 message: @escaping @Sendable (HealthGPUHistory) -> String) -> HealthRule {
        HealthRule(id: id, severity: severity, summary: summary, hint: hint, check: { input, rule in
            flagged(input, keys: keys).map { gpu, key, state in
                rule.finding(message(gpu), node: gpu.node, gpu: gpu.index, step: state.stepKey,
                             evidence: "\(key) = \(state.values[key]?.text ?? "") " + HealthGPUHistory.place(state)
                                 + evidenceTail(state))
            }
        })
    }

    private static func flagged(_ input: HealthInput, keys: [String]) -> [(HealthGPUHistory, String, HealthGPUState)] {
        HealthGPUHistory.of(input.gpuStates).compactMap { gpu in
            for key in keys { if let latest = gpu.latest(key), latest.value.isOn { return (gpu, key, latest.state) } }
            return nil
        }
    }

    private static func remapCounts(_ state: HealthGPUState) -> String {
        let parts = ["remapped_rows.correctable", "remapped_rows.uncorrectable"].compactMap { key in
            state.values[key].map { "\(key) = \($0.text)" }
        }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: ", ")
    }

    private static func temperatures(_ state: HealthGPUState) -> String {
        let parts = ["temperature.gpu", "temperature.memory", "power.draw_average", "power.draw", "power.limit"]
            .compactMap { key in state.values[key].map { "\(key) \($0.text)" } }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: ", ")
    }

    private static func reasonName(_ key: String) -> String {
        let name = key.split(separator: ".").last.map(String.init) ?? key
        let words: [String: String] = [
            "hw_slowdown": "HW slowdown", "hw_thermal_slowdown": "HW thermal slowdown",
            "hw_power_brake_slowdown": "HW power brake", "hw_power_brake": "HW power brake",
            "sw_thermal_slowdown": "SW thermal slowdown",
        ]
        return words[name] ?? name
    }

    private static func linkName(_ key: String) -> String {
        key.split(separator: ".").dropFirst().first.map(String.init) ?? key
    }
}
