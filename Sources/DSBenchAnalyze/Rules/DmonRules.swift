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
                    let sm = samples.compactMap { $0.sm }
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
                          let peak = samples.max(by: { ($0.fb ?? 0) < ($1.fb ?? 0) }),
                          let used = peak.fb, used / total * 100 > limit else { return nil }
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
                    // A workload that saturates the GPU runs at its power limit by design: the H200
                    // held 1980 MHz and 666 bf16 TFLOP/s under gpu_micro.py with pviol up (session 6).
                    // Thermal violations are judged on every step; power capping on the others.
                    let power = step.kind == "workload" ? [] : samples.filter { ($0.pviol ?? 0) > limit }
                    if let worst = power.max(by: { ($0.pviol ?? 0) < ($1.pviol ?? 0) }) {
                        out.append(rule.finding(
                            "GPU \(gpu) on \(step.node) was power-capped during \(step.key) (\(power.count) samples)",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "pviol \(Num.text(worst.pviol ?? 0)) %" + at(worst)
                                + (worst.pwr.map { ", pwr \(Num.text($0)) W" } ?? ""),
                            observed: worst.pviol, expected: limit))
                    }
                    let thermal = samples.filter { ($0.tviol ?? 0) > 0 }
                    if let first = thermal.first {
                        out.append(rule.finding(
                            "GPU \(gpu) on \(step.node) hit thermal violations during \(step.key) (\(thermal.count) samples)",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "tviol \(Num.text(first.tviol ?? 0))" + at(first)
                                + (first.gtemp.map { ", gtemp \(Num.text($0)) C" } ?? ""),
                            observed: first.tviol, expected: 0))
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
            let limits: [(Column, String, Double)] = [(.gtemp, "GPU", input.threshold(.gpuTemperature)),
                                                      (.mtemp, "memory", input.threshold(.memoryTemperature))]
            return input.dmonSteps.flatMap { step in
                perGPU(step).flatMap { gpu, samples in
                    limits.compactMap { column, what, limit -> Finding? in
                        guard let hottest = column.maximum(samples), let value = column.read(samples[hottest]),
                              value > limit else { return nil }
                        return rule.finding(
                            "GPU \(gpu) on \(step.node) reached \(Num.text(value)) °C (\(what)) during \(step.key), over \(Num.text(limit)) °C",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "\(column.rawValue) \(Num.text(value)) C" + at(samples[hottest]), observed: value, expected: limit)
                    }
                }
            }
        })

    static let errorsRising = HealthRule(
        id: "gpu.errors_rising", severity: .warning,
        summary: "ECC errors or PCIe replays increase during a step (double-bit ECC is critical)",
        hint: "check `nvidia-smi -q -d ECC,PAGE_RETIREMENT` and the PCIe link (reseat, riser, slot); replace a GPU whose DBE count grows",
        check: { input, rule in
            let counters: [(Column, String, Finding.Severity)] = [(.dbecc, "double-bit ECC errors", .critical),
                                                                  (.sbecc, "single-bit ECC errors", .warning),
                                                                  (.pci, "PCIe replay errors", .warning)]
            return input.dmonSteps.flatMap { step in
                perGPU(step).flatMap { gpu, samples in
                    counters.compactMap { column, what, severity -> Finding? in
                        // Indices, not copies: these loops run over every sample of every GPU.
                        guard let firstIndex = samples.indices.first(where: { column.read(samples[$0]) != nil }),
                              let first = column.read(samples[firstIndex]),
                              let riseIndex = samples.indices.dropFirst(firstIndex + 1)
                                .first(where: { (column.read(samples[$0]) ?? -.infinity) > first }),
                              let rise = column.read(samples[riseIndex]) else { return nil }
                        let lastIndex = samples.indices.last { column.read(samples[$0]) != nil } ?? riseIndex
                        let last = column.read(samples[lastIndex]) ?? rise
                        let peak = column.maximum(samples).flatMap { column.read(samples[$0]) }
                        return rule.finding(
                            "\(what) rose on GPU \(gpu) on \(step.node) during \(step.key)",
                            node: step.node, gpu: gpu, step: step.key,
                            evidence: "\(column.rawValue) \(Num.text(first))" + at(samples[firstIndex]) + " → \(Num.text(rise))"
                                + at(samples[riseIndex]) + (last != rise ? " (last \(Num.text(last)))" : ""),
                            observed: peak, expected: first, severity: severity)
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
                    // A compute job at its power limit lowers its clock by design: the lent H200's
                    // gpu_micro GEMM ran at a median 1538–1560 MHz of 1980 with pviol up and still
                    // reached 100 % of its model's TFLOP/s (metric.below_expected judges the work).
                    // Power-capped samples of workload steps are left out; thermal ones still count.
                    let capped = { (s: HealthDmonSample) in step.kind == "workload" && (s.pviol ?? 0) > 0 && (s.tviol ?? 0) == 0 }
                    let loaded = samples.filter { ($0.sm ?? 0) >= load && $0.pclk != nil && !capped($0) }
                    guard let clock = median(loaded.compactMap { $0.pclk }), clock < fraction * maxClock,
                          let example = loaded.min(by: { ($0.pclk ?? 0) < ($1.pclk ?? 0) }) else { return nil }
                    return rule.finding(
                        "GPU \(gpu) on \(step.node) ran at \(Num.text(clock)) MHz under load during \(step.key), "
                            + "\(Num.percent(clock / maxClock)) of its \(Num.text(maxClock)) MHz maximum",
                        node: step.node, gpu: gpu, step: step.key,
                        evidence: "median pclk \(Num.text(clock)) MHz over \(loaded.count) samples with SM ≥ \(Num.text(load)) %; "
                            + "lowest pclk \(Num.text(example.pclk ?? 0)) MHz at SM \(Num.text(example.sm ?? 0)) %"
                            + at(example) + (example.pviol.map { ", pviol \(Num.text($0)) %" } ?? ""),
                        observed: clock, expected: maxClock)
                }
            }
        })

    private static func perGPU(_ step: HealthDmonStep) -> [(gpu: Int, samples: [HealthDmonSample])] { step.series }

    /// A dmon column the parameterised rules read, without copying samples into closures.
    enum Column: String {
        case gtemp, mtemp, sbecc, dbecc, pci

        @inline(__always)
        func read(_ sample: HealthDmonSample) -> Double? {
            switch self {
            case .gtemp: return sample.gtemp
            case .mtemp: return sample.mtemp
            case .sbecc: return sample.sbecc
            case .dbecc: return sample.dbecc
            case .pci: return sample.pci
            }
        }

        /// Index of the first sample with the highest value, nil when the column is absent.
        func maximum(_ samples: [HealthDmonSample]) -> Int? {
            var best: (index: Int, value: Double)?
            for index in samples.indices {
                if let value = read(samples[index]), value > best?.value ?? -.infinity { best = (index, value) }
            }
            return best?.index
        }
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
