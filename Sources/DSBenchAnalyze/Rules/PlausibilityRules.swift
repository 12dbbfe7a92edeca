import DSBenchCore

/// nccl-tests numbers that cannot be measurements (`NcclPlausibility`): named once per step and
/// column, so that `show` and the report say why those values are missing from every figure.
enum PlausibilityRules {
    static let all: [HealthRule] = [implausible]

    static let implausible = HealthRule(
        id: "nccl.busbw.implausible", severity: .warning,
        summary: "nccl-tests printed a bandwidth above what the GPU's memory can move, or a time too short for the size",
        hint: "a no-op measured instead of a transfer (the in-place broadcast or reduce on one rank) or a broken timer; "
            + "the values stay stored as printed and are left out of max busbw, averages, comparisons, baselines, "
            + "fleet and trends",
        check: { input, rule in
            input.ncclSteps.flatMap { step -> [Finding] in
                let ceiling = NcclPlausibility.ceiling(gpuModel: ExpectedBandwidth.gpuModel(step, input: input))
                let columns: [(name: String, half: (NcclTestsRow) -> NcclTestsMeasurement?)] = [
                    ("out-of-place", { $0.outOfPlace }), ("in-place", { $0.inPlace }),
                ]
                // One walk of the rows for both columns: a very large step's rows are read from
                // the store for each walk (`NcclRowSequence`).
                var measured = [0, 0]
                var flaggedIn: [[(row: NcclTestsRow, half: NcclTestsMeasurement, reason: NcclPlausibility.Reason)]] = [[], []]
                for row in step.rows {
                    for (c, column) in columns.enumerated() {
                        guard let half = column.half(row) else { continue }
                        measured[c] += 1
                        let verdict = NcclPlausibility.classify(size: row.size, timeUs: half.timeUs, algbw: half.algbw,
                                                                busbw: half.busbw, ranks: step.ranks, ceiling: ceiling)
                        if case .implausible(let reason) = verdict { flaggedIn[c].append((row, half, reason)) }
                    }
                }
                return columns.enumerated().compactMap { c, column -> Finding? in
                    let measured = measured[c], flagged = flaggedIn[c]
                    guard let worst = flagged.max(by: { rank($0.half) < rank($1.half) }) else { return nil }
                    let tooShort = flagged.filter { if case .timeTooShort = $0.reason { return true }; return false }.count
                    var why: [String] = []
                    if flagged.count > tooShort {
                        why.append("\(flagged.count - tooShort) above the \(NcclPlausibility.printed(ceiling.gbps)) GB/s "
                                   + ceiling.what)
                    }
                    if tooShort > 0 {
                        why.append("\(tooShort) under \(Num.text(NcclPlausibility.minimumTimeUs)) µs at "
                                   + "≥ \(Num.bytes(NcclPlausibility.minimumTimeBytes))")
                    }
                    let value = worst.half.busbw ?? worst.half.algbw
                    return rule.finding(
                        "\(step.key) \(column.name): \(flagged.count) of \(measured) sizes implausible (" + why.joined(separator: ", ")
                            + "); worst busbw \(value.map(NcclPlausibility.printed) ?? "n/a") GB/s at \(Num.bytes(worst.row.size)): "
                            + worst.reason.text + ". Left out of max busbw, comparisons, baselines, fleet and trends",
                        node: step.node, step: step.key,
                        evidence: Num.place(worst.row) + "size \(worst.row.size) B \(column.name) time "
                            + "\(worst.half.timeUs.map(Num.text) ?? "n/a") µs algbw \(worst.half.algbw.map(NcclPlausibility.printed) ?? "n/a") "
                            + "busbw \(worst.half.busbw.map(NcclPlausibility.printed) ?? "n/a") GB/s",
                        observed: value, expected: ceiling.gbps)
                }
            }
        })

    /// Orders the flagged halves: the largest printed bandwidth is the worst.
    private static func rank(_ half: NcclTestsMeasurement) -> Double {
        max(half.busbw ?? -1, half.algbw ?? -1)
    }
}
