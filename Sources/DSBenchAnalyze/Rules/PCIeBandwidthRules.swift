import DSBenchCore

/// PCIe judged by measurement: what nvbandwidth's host↔device copies carried, against the link
/// the inventory reports and against the node's other GPUs. A link that trained at x8 is seen by
/// `pcie.link_degraded` already; one that reports x16 and still carries half (a riser, a copy
/// from the far NUMA node, ACS/IOMMU in the path) only shows here.
enum PCIeBandwidthRules {
    static let all = [belowCapacity, belowSiblings]

    static let belowCapacity = HealthRule(
        id: "pcie.bandwidth_low", severity: .warning,
        summary: "measured host↔device bandwidth (nvbandwidth) below a fraction of what the GPU's PCIe link carries",
        hint: "at reduced width reseat the GPU or riser and check the slot; at full width check the riser, "
            + "the GPU's NUMA node against the CPU the copy ran on (`nvidia-smi topo -m`), and ACS/IOMMU settings",
        thresholds: [.pcieBandwidthFraction],
        check: { input, rule in
            let fraction = input.threshold(.pcieBandwidthFraction)
            return HealthHostCopy.best(input.hostCopies).compactMap { copy -> Finding? in
                guard let gpu = input.gpu(node: copy.node, index: copy.gpu),
                      let link = LinkReading(gpu), let capacity = link.capacity else { return nil }
                let ratio = copy.gigabytesPerSecond / capacity
                guard ratio < fraction else { return nil }
                let measured = "\(Num.text(copy.gigabytesPerSecond)) GB/s"
                let message = "GPU \(copy.gpu) on \(copy.node): \(copy.direction.words) \(measured) measured "
                    + "(\(copy.testcase)), \(Num.percent(ratio)) of the \(Num.text(capacity)) GB/s a \(link.maxText) link "
                    + "carries per direction (below \(Num.percent(fraction))); \(link.diagnosis)"
                return rule.finding(message, node: copy.node, gpu: copy.gpu, step: copy.stepKey,
                                    evidence: "\(copy.testcase) \(measured); pcie.link \(link.reportedText)"
                                        + (gpu.pciBusID.map { " at \($0)" } ?? ""),
                                    observed: copy.gigabytesPerSecond, expected: capacity)
            }
        })

    /// A GPU far below its siblings on the same node, the link capacity known or not: on 8 GPUs
    /// behind the same kind of switch one slow copy is the odd one out even without an inventory.
    static let belowSiblings = HealthRule(
        id: "pcie.bandwidth_outlier", severity: .warning,
        summary: "a GPU's measured host↔device bandwidth far below the other GPUs of its node",
        hint: "compare its link (`nvidia-smi -q -d PCI`), riser and NUMA placement with its siblings'",
        thresholds: [.pcieSiblingFraction],
        check: { input, rule in
            let fraction = input.threshold(.pcieSiblingFraction)
            let best = HealthHostCopy.best(input.hostCopies)
            var groups: [String: [HealthHostCopy]] = [:]
            var order: [String] = []
            for copy in best {
                let key = "\(copy.node)\u{0}\(copy.direction.rawValue)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(copy)
            }
            return order.flatMap { key -> [Finding] in
                let copies = groups[key] ?? []
                guard copies.count >= 2 else { return [] }
                return copies.compactMap { copy -> Finding? in
                    let others = copies.filter { $0.gpu != copy.gpu }.map(\.gigabytesPerSecond)
                    guard let median = Descriptive.median(others), median > 0 else { return nil }
                    let ratio = copy.gigabytesPerSecond / median
                    guard ratio < fraction else { return nil }
                    return rule.finding(
                        "GPU \(copy.gpu) on \(copy.node): \(copy.direction.words) \(Num.text(copy.gigabytesPerSecond)) GB/s, "
                            + "\(Num.percent(ratio)) of the median \(Num.text(median)) GB/s of its \(others.count) sibling GPUs",
                        node: copy.node, gpu: copy.gpu, step: copy.stepKey,
                        evidence: "\(copy.testcase) per GPU: "
                            + copies.map { "GPU\($0.gpu) \(Num.text($0.gigabytesPerSecond))" }.joined(separator: ", "),
                        observed: copy.gigabytesPerSecond, expected: median)
                }
            }
        })
}

/// The link a GPU's inventory row reports, and what it should carry: the generation and width
/// the GPU and slot can do (`gen.max`, `width.max`), since an idle link trains down its generation.
struct LinkReading {
    var genCurrent: Int?
    var widthCurrent: Int?
    var genMax: Int
    var widthMax: Int

    init?(_ gpu: HealthGPU) {
        guard let genMax = gpu.pcieGenMax ?? gpu.pcieGenCurrent,
              let widthMax = gpu.pcieWidthMax ?? gpu.pcieWidthCurrent else { return nil }
        self.genMax = genMax; self.widthMax = widthMax
        genCurrent = gpu.pcieGenCurrent; widthCurrent = gpu.pcieWidthCurrent
    }

    var capacity: Double? { PCIeLink.capacity(generation: genMax, width: widthMax) }

    var maxText: String { "gen\(genMax) x\(widthMax)" }

    var reportedText: String {
        "gen\(genCurrent.map(String.init) ?? "?") x\(widthCurrent.map(String.init) ?? "?") of \(maxText)"
    }

    /// Which kind of fault the numbers point at.
    var diagnosis: String {
        if let width = widthCurrent, width < widthMax {
            return "the link reports x\(width) of x\(widthMax): it trained at reduced width, which alone caps it at "
                + "\(Num.text(PCIeLink.capacity(generation: genMax, width: width) ?? 0)) GB/s"
        }
        return "the link reports \(reportedText), full width, and still underperforms: look at the riser, "
            + "the NUMA placement of the copy, and ACS/IOMMU"
    }
}

extension HostCopyDirection {
    var words: String { self == .hostToDevice ? "host→device" : "device→host" }
}
