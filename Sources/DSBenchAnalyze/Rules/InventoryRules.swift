import DSBenchCore

/// Hardware and software that should be uniform across the nodes of one run, and PCIe links.
enum InventoryRules {
    static let all: [HealthRule] = [mixedGPUs, mixedSoftware, pcieDegraded, changedDuringRun]

    static let mixedGPUs = HealthRule(
        id: "inventory.mixed_gpus", severity: .warning,
        summary: "GPUs of different models, architectures (compute capability) or VBIOS versions in one run",
        hint: "a collective runs at the pace of its slowest GPU: group nodes by hardware, or flash one VBIOS",
        check: { input, rule in
            [("model", \HealthGPU.name), ("compute capability", \HealthGPU.computeCap),
             ("VBIOS", \HealthGPU.vbiosVersion)].compactMap { what, path in
                mixed(what, values: input.gpus.compactMap { gpu in gpu[keyPath: path].map { (gpu.node, $0) } },
                      unit: "GPUs", rule: rule)
            }
        })

    static let mixedSoftware = HealthRule(
        id: "inventory.mixed_software", severity: .warning,
        summary: "different driver, CUDA or NCCL versions across the nodes of one run",
        hint: "install the same driver, CUDA and NCCL on every node (mismatched NCCL versions can hang or corrupt collectives)",
        check: { input, rule in
            var drivers = input.gpus.compactMap { gpu in gpu.driverVersion.map { (gpu.node, $0) } }
            drivers += input.facts.filter { $0.key == "driver_version" }.map { ($0.node, $0.value) }
            return [("driver", perNode(drivers)),
                    ("CUDA", perNode(input.facts.filter { $0.key == "cuda_version" }.map { ($0.node, $0.value) })),
                    ("NCCL", perNode(input.facts.filter { $0.key == "nccl_version" }.map { ($0.node, $0.value) }))]
                .compactMap { what, values in mixed(what, values: values, unit: "nodes", rule: rule) }
        })

    static let pcieDegraded = HealthRule(
        id: "pcie.link_degraded", severity: .warning,
        summary: "PCIe link narrower than the GPU's maximum, or a lower generation while the GPU is under load",
        hint: "reseat the GPU or riser, check the slot and BIOS PCIe settings; idle links train down, so gen is judged under load only",
        thresholds: [.loadSMPercent],
        check: { input, rule in
            let load = input.threshold(.loadSMPercent)
            return input.gpus.flatMap { gpu -> [Finding] in
                var out: [Finding] = []
                let link = "gen\(gpu.pcieGenCurrent.map(String.init) ?? "?") x\(gpu.pcieWidthCurrent.map(String.init) ?? "?")"
                    + " of gen\(gpu.pcieGenMax.map(String.init) ?? "?") x\(gpu.pcieWidthMax.map(String.init) ?? "?")"
                let evidence = "pcie.link \(link)" + (gpu.pciBusID.map { " at \($0)" } ?? "")
                    + (gpu.utilizationPercent.map { ", utilization.gpu \(Num.text($0)) %" } ?? "")
                if PCIeLink.isNarrower(current: gpu.pcieWidthCurrent, max: gpu.pcieWidthMax),
                   let current = gpu.pcieWidthCurrent, let max = gpu.pcieWidthMax {
                    out.append(rule.finding(
                        "GPU \(gpu.index) on \(gpu.node) runs its PCIe link at x\(current) instead of x\(max)",
                        node: gpu.node, gpu: gpu.index, step: gpu.stepKey, evidence: evidence,
                        observed: Double(current), expected: Double(max)))
                }
                if let current = gpu.pcieGenCurrent, let max = gpu.pcieGenMax, current < max,
                   let utilization = gpu.utilizationPercent, utilization >= load {
                    out.append(rule.finding(
                        "GPU \(gpu.index) on \(gpu.node) runs its PCIe link at gen\(current) instead of gen\(max) under load",
                        node: gpu.node, gpu: gpu.index, step: gpu.stepKey, evidence: evidence,
                        observed: Double(current), expected: Double(max)))
                }
                return out
            }
        })

    /// Two inventories of one node that disagree where healthy hardware does not: a GPU gone from
    /// the later one (fallen off the bus), or a link running narrower than it did earlier (trained
    /// down under load). Other differences are shown by `show` and the report, not judged.
    static let changedDuringRun = HealthRule(
        id: "inventory.changed", severity: .warning,
        summary: "a GPU listed by an earlier inventory of the node is missing from a later one, or its PCIe link runs narrower than it did earlier",
        hint: "look for Xid errors in the kernel log (`dmesg | grep -i xid`); reseat the GPU or riser and check the slot",
        check: { input, rule in
            input.inventoryChanges.compactMap { change -> Finding? in
                switch change.kind {
                case .missing:
                    return rule.finding("\(change.gpu) on \(change.node) is missing from \(change.to) (listed by \(change.from))",
                                        node: change.node, gpu: change.gpuIndex, step: change.to, evidence: change.text)
                case .changed where change.linkNarrowed:
                    return rule.finding("\(change.gpu) on \(change.node) runs its PCIe link at \(change.after ?? "?") in \(change.to), "
                                        + "\(change.before ?? "?") in \(change.from)",
                                        node: change.node, gpu: change.gpuIndex, step: change.to, evidence: change.text)
                default:
                    return nil
                }
            }
        })

    /// One value per (node, value) pair, duplicates removed.
    private static func perNode(_ pairs: [(String, String)]) -> [(String, String)] {
        var seen: Set<String> = []
        return pairs.filter { seen.insert($0.0 + "\u{0}" + $0.1).inserted }
    }

    /// A finding when more than one distinct value appears; the nodes holding the less common
    /// values are named (they are the odd ones out).
    private static func mixed(_ what: String, values: [(node: String, value: String)], unit: String,
                              rule: HealthRule) -> Finding? {
        var counts: [String: Int] = [:]
        var nodes: [String: [String]] = [:]
        var order: [String] = []
        for (node, value) in values {
            if counts[value] == nil { order.append(value) }
            counts[value, default: 0] += 1
            if !(nodes[value]?.contains(node) ?? false) { nodes[value, default: []].append(node) }
        }
        guard order.count > 1 else { return nil }
        let evidenceText = order.map { value in
            "\(value): \(counts[value, default: 0]) \(unit) (\((nodes[value] ?? []).joined(separator: ", ")))"
        }.joined(separator: "; ")
        let top = counts.values.max() ?? 0
        guard counts.values.filter({ $0 == top }).count == 1 else {
            // No majority: name every value with its nodes rather than call one of them normal.
            let listing = order.map { "\($0) on \((nodes[$0] ?? []).joined(separator: ", "))" }.joined(separator: ", ")
            return rule.finding("\(what) differs within the run: \(listing)", node: nil, evidence: evidenceText)
        }
        let common = order.first { counts[$0, default: 0] == top } ?? order[0]
        let odd = order.filter { $0 != common }
        let oddNodes = odd.flatMap { nodes[$0] ?? [] }
        return rule.finding(
            "\(what) differs within the run: \(odd.joined(separator: ", ")) on \(oddNodes.joined(separator: ", "))"
                + " while most have \(common)",
            node: oddNodes.count == 1 ? oddNodes[0] : nil, evidence: evidenceText)
    }
}
