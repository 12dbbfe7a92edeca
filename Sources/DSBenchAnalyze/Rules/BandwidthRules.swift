import DSBenchCore

/// Bus bandwidth against what the hardware class is known to reach.
enum BandwidthRules {
    static let all: [HealthRule] = [belowExpected]

    static let belowExpected = HealthRule(
        id: "busbw.below_expected", severity: .warning,
        summary: "busbw at bandwidth-bound sizes below a fraction of the expected figure for the hardware class",
        hint: "look at the transport (NCCL_DEBUG=INFO: P2P vs SHM, IB vs sockets), NVLink status (`nvidia-smi nvlink -s`) and clocks",
        thresholds: [.busbwFraction, .busbwMinBytes],
        check: { input, rule in
            let fraction = input.threshold(.busbwFraction)
            let minBytes = input.threshold(.busbwMinBytes)
            return input.ncclSteps.compactMap { step -> Finding? in
                guard let expected = ExpectedBandwidth.lookup(step, input: input) else { return nil }
                let ceiling = NcclPlausibility.ceiling(gpuModel: ExpectedBandwidth.gpuModel(step, input: input))
                var peak: (busbw: Double, row: NcclTestsRow)?
                for row in step.rows where Double(row.size) >= minBytes {
                    // An implausible value (`nccl.busbw.implausible`) must not hide a slow link.
                    for half in [row.outOfPlace, row.inPlace].compactMap({ $0 })
                    where BusbwSamples.admits(size: row.size, timeUs: half.timeUs, algbw: half.algbw, busbw: half.busbw,
                                              ranks: step.ranks, ceiling: ceiling) {
                        if let busbw = half.busbw, busbw.isFinite, busbw > peak?.busbw ?? -1 { peak = (busbw, row) }
                    }
                }
                guard let peak, peak.busbw < fraction * expected.figure.busbw else { return nil }
                return rule.finding(
                    "\(step.key): peak busbw \(Num.text(peak.busbw)) GB/s at ≥ \(Num.bytes(minBytes)) is "
                        + "\(Num.percent(peak.busbw / expected.figure.busbw)) of the \(Num.text(expected.figure.busbw)) GB/s "
                        + "expected for \(expected.hardware)",
                    node: step.node, step: step.key,
                    evidence: Num.place(peak.row) + "size \(peak.row.size) B busbw \(Num.text(peak.busbw)) GB/s; "
                        + "expected \(Num.text(expected.figure.busbw)) GB/s (\(expected.figure.source)); "
                        + "threshold \(Num.text(fraction * 100)) %",
                    observed: peak.busbw, expected: expected.figure.busbw)
            }
        })
}

/// Finds the expected busbw of a step: GPU model and count from its device lines (or the
/// inventory), the interconnect from the node's topology, the collective from the program.
public enum ExpectedBandwidth {
    public struct Match: Sendable, Equatable {
        public var figure: ExpectedBusbw
        /// `8 × NVIDIA H200 over NV18`.
        public var hardware: String
    }

    public static func lookup(_ step: HealthNcclStep, input: HealthInput) -> Match? {
        guard let collective = step.collective, let count = step.ranks, count > 0 else { return nil }
        let model = gpuModel(step, input: input)
        guard let model else { return nil }
        let hosts = Set(step.devices.map(\.host))
        let multiNode = hosts.count > 1 || (step.transport?.nodes ?? 1) > 1
        let interconnect = multiNode ? nil : input.topologies[step.node]?.gpuInterconnect
        let nvlsUsed = step.transport?.nvlsInUse
        let figure = input.expectedBusbw.first { entry in
            entry.gpuModel.lowercased() == model.lowercased() && entry.gpuCount == count
                && entry.collective == collective
                && (entry.interconnect == "*" || entry.interconnect == interconnect)
                // A figure measured with NVLS only applies when NVLS was on; one without it is a floor either way.
                && (entry.nvls != true || nvlsUsed == true)
        }
        guard let figure else { return nil }
        return Match(figure: figure, hardware: "\(count) × \(model)" + (interconnect.map { " over \($0)" } ?? "")
                     + (figure.nvls == false ? " without NVLS" : ""))
    }

    /// The step's GPU model: the most common name in its device lines, else in the node's inventory.
    static func gpuModel(_ step: HealthNcclStep, input: HealthInput) -> String? {
        Descriptive.mostCommon(step.devices.map(\.name.trimmingSpaces)) ?? input.commonGPUModel(node: step.node)
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
