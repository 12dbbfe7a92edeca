import DSBenchCore

/// What `nvidia-smi dmon` saw on each GPU while a step ran.
enum DmonRules {
    static let all: [HealthRule] = [lowUtilisation, memoryHigh, violations, temperature, errorsRising, clocksThrottled]

    static let lowUtilisation = HealthRule(
        id: "gpu.low_util", severity: .warning,
        summary: "SM utilisation stays low on a GPU that should be busy (workload steps, or `health.busy_steps`)",
        hint: "check that the job uses every GPU (CUDA_VISIBLE_DEVICES, ranks per node), the data loader and the parallel layout",
        thresholds: [.utilSMPercent, .utilMinSamples],
        check: { input, rule in
            let limit = input.threshold(.utilSMPercent), minSamples = input.threshold(.utilMinSamples)
            return input.dmonSteps.filter(\.expectBusy).flatMap { step in
                perGPU(step).compactMap { gpu, samples -> Finding? in
                    let sm = samples.compactMap { $0.values["sm"] }
                    guard Double(sm.count) >= minSamples, let median = median(sm), median < limit else { return nil }
                    let below = sm.filter { $0 < limit }.count
                    return rule.finding(
                        "GPU \(gpu) on \(step.node) was \(Num.text(median)) % busy (median SM) during \(step.key), below \(Num.text(limit)) %",
                        node: step.node, gpu: gpu, step: step.key,
                        evidence: "\(below) of \(sm.count) samples below \(Num.text(limit)) % SM "
                            + span(samples) + "; max \(Num.text(sm.max() ?? 0)) %",
                        observed: median, expected: limit)
                }
            }
        })

    static let memoryHigh = HealthRule(
        id: "gpu.memory_high", severity: .warning,
        summary: "framebuffer use above a share of the GPU's memory (OOM risk)",
        hint: "reduce the batch or activation memory (checkpointing, sharding), or look for a leak across steps",
        thresholds: [.memoryPercent],
        check: { input, rule in
            let limit = input.threshold(.memoryPercent)
            return input.dmonSteps.flatMap { step in
                perGPU(step).compactMap { gpu, samples -> Finding? in
                    guard let total = input.gpu(node: step.node, index: gpu)?.memoryTotalMiB, total > 0,
                          let peak = samples.max(by: { ($0.values["fb"] ?? 0) < ($1.values["fb"] ?? 0) }),
                          let used = peak.values["fb"], used / total * 100 > limit else { return nil }
                    return rule.finding(
                        "GPU \(gpu) on \(step.node) used \(Num.percent(used / total)) of its memory during \(step.key)",
                        node: step.node, gpu: gpu, step: step.key,
                        evidence: "fb \(Num.text(used)) MiB of \(Num.text(total)) MiB" + at(peak),
                        observed: used / total * 100, expected: limit)
                }
            }
        })

    static let violations = HealthRule(
        id: "gpu.violation", severity: .warning,
        summary: "power capping or thermal violations while the step ran (dmon pviol / tviol)",
        hint: "check power limits (`nvidia-smi -q -d POWER`), PSU and cooling (fans, inlet temperature, airflow)",
        thresholds: [.powerViolationPercent],
        check: { input, rule in
            let limit = input.threshold(.powerViolationPercent)
            return input.dmonSteps.flatMap { step in
                perGPU(step).flatMap { gpu, samples -> [Finding] in
                    var out: [Finding] = []
                    let power = samples.filter { ($0.values["pviol"] ?? 0) > limit }
                    if let worst = power.max(by: { ($0.values["pviol"] ?? 0) < ($1.values["pviol"] ?? 0) }) {
                        out.append(rule.finding(
                            "GPU \(gpu) on \(step.node) was power-capped during \(step.key) (\(power.count) samples)",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "pviol \(Num.text(worst.values["pviol"] ?? 0)) %" + at(worst)
                                + (worst.values["pwr"].map { ", pwr \(Num.text($0)) W" } ?? ""),
                            observed: worst.values["pviol"], expected: limit))
                    }
                    let thermal = samples.filter { ($0.values["tviol"] ?? 0) > 0 }
                    if let first = thermal.first {
                        out.append(rule.finding(
                            "GPU \(gpu) on \(step.node) hit thermal violations during \(step.key) (\(thermal.count) samples)",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "tviol \(Num.text(first.values["tviol"] ?? 0))" + at(first)
                                + (first.values["gtemp"].map { ", gtemp \(Num.text($0)) C" } ?? ""),
                            observed: first.values["tviol"], expected: 0))
                    }
                    return out
                }
            }
        })

    static let temperature = HealthRule(
        id: "gpu.temperature", severity: .warning,
        summary: "GPU or memory temperature over its limit",
        hint: "check cooling: fans, blocked airflow, inlet temperature, liquid-cooling flow",
        thresholds: [.gpuTemperature, .memoryTemperature],
        check: { input, rule in
            let limits = [("gtemp", "GPU", input.threshold(.gpuTemperature)),
                          ("mtemp", "memory", input.threshold(.memoryTemperature))]
            return input.dmonSteps.flatMap { step in
                perGPU(step).flatMap { gpu, samples in
                    limits.compactMap { column, what, limit -> Finding? in
                        guard let hottest = samples.max(by: { ($0.values[column] ?? -.infinity) < ($1.values[column] ?? -.infinity) }),
                              let value = hottest.values[column], value > limit else { return nil }
                        return rule.finding(
                            "GPU \(gpu) on \(step.node) reached \(Num.text(value)) °C (\(what)) during \(step.key), over \(Num.text(limit)) °C",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "\(column) \(Num.text(value)) C" + at(hottest), observed: value, expected: limit)
                    }
                }
            }
        })

    static let errorsRising = HealthRule(
        id: "gpu.errors_rising", severity: .warning,
        summary: "ECC errors or PCIe replays increase during a step (double-bit ECC is critical)",
        hint: "check `nvidia-smi -q -d ECC,PAGE_RETIREMENT` and the PCIe link (reseat, riser, slot); replace a GPU whose DBE count grows",
        check: { input, rule in
            let counters = [("dbecc", "double-bit ECC errors", Finding.Severity.critical),
                            ("sbecc", "single-bit ECC errors", Finding.Severity.warning),
                            ("pci", "PCIe replay errors", Finding.Severity.warning)]
            return input.dmonSteps.flatMap { step in
                perGPU(step).flatMap { gpu, samples in
                    counters.compactMap { column, what, severity -> Finding? in
                        let series = samples.compactMap { sample in sample.values[column].map { (sample, $0) } }
                        guard let first = series.first,
                              let rise = series.dropFirst().first(where: { $0.1 > first.1 }) else { return nil }
                        let last = series.last?.1 ?? rise.1
                        return rule.finding(
                            "\(what) rose on GPU \(gpu) on \(step.node) during \(step.key)",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "\(column) \(Num.text(first.1))" + at(first.0) + " → \(Num.text(rise.1))" + at(rise.0)
                                + (last != rise.1 ? " (last \(Num.text(last)))" : ""),
                            observed: series.map(\.1).max(), expected: first.1, severity: severity)
                    }
                }
            }
        })

    static let clocksThrottled = HealthRule(
        id: "gpu.clocks_throttled", severity: .warning,
        summary: "SM clock under load below a fraction of the GPU's maximum (throttling)",
        hint: "check clock event reasons (`nvidia-smi -q -d PERFORMANCE`): power cap, thermal slowdown, application clocks",
        thresholds: [.clocksFraction, .loadSMPercent],
        check: { input, rule in
            let fraction = input.threshold(.clocksFraction), load = input.threshold(.loadSMPercent)
            return input.dmonSteps.flatMap { step in
                perGPU(step).compactMap { gpu, samples -> Finding? in
                    guard let maxClock = input.gpu(node: step.node, index: gpu)?.clocksMaxSMMHz, maxClock > 0 else { return nil }
                    let loaded = samples.filter { ($0.values["sm"] ?? 0) >= load && $0.values["pclk"] != nil }
                    guard let clock = median(loaded.compactMap { $0.values["pclk"] }), clock < fraction * maxClock,
                          let example = loaded.min(by: { ($0.values["pclk"] ?? 0) < ($1.values["pclk"] ?? 0) }) else { return nil }
                    return rule.finding(
                        "GPU \(gpu) on \(step.node) ran at \(Num.text(clock)) MHz under load during \(step.key), "
                            + "\(Num.percent(clock / maxClock)) of its \(Num.text(maxClock)) MHz maximum",
                        node: step.node, gpu: gpu, step: step.key,
                        evidence: "median pclk \(Num.text(clock)) MHz over \(loaded.count) samples with SM ≥ \(Num.text(load)) %; "
                            + "lowest pclk \(Num.text(example.values["pclk"] ?? 0)) MHz at SM \(Num.text(example.values["sm"] ?? 0)) %"
                            + at(example) + (example.values["pviol"].map { ", pviol \(Num.text($0)) %" } ?? ""),
                        observed: clock, expected: maxClock)
                }
            }
        })

    /// Samples of each GPU in sampling order, GPUs ascending.
    private static func perGPU(_ step: HealthDmonStep) -> [(Int, [HealthDmonSample])] {
        Dictionary(grouping: step.samples, by: \.gpu).sorted { $0.key < $1.key }
            .map { ($0.key, $0.value.sorted { $0.round < $1.round }) }
    }

    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    private static func at(_ sample: HealthDmonSample) -> String {
        sample.timestamp.map { " at \($0)" } ?? " in round \(sample.round)"
    }

    private static func span(_ samples: [HealthDmonSample]) -> String {
        guard let first = samples.first?.timestamp, let last = samples.last?.timestamp else { return "" }
        return "(\(first) – \(last))"
    }
}
