import DSBenchCore

/// The NVIDIA driver's Xid (GPU) and SXid (NVSwitch) lines of the kernel log, one finding per
/// node, device and code, with what the code means (`XidCatalogue`). A kernel log captured twice
/// (before and after the load, or by dmesg and journalctl both) holds the same lines twice: the
/// count is the most any one capture saw, not the sum.
enum XidRules {
    static let all: [HealthRule] = [xid, sxid]

    static let xid = HealthRule(
        id: "gpu.xid", severity: .critical,
        summary: "the kernel log has an Xid error from the NVIDIA driver; severity and advice by code (NVIDIA's Xid catalogue)",
        hint: "see the finding for what the code means; NVIDIA's Xid catalogue lists every code",
        check: { input, rule in
            grouped(input.kernelEvents.filter { $0.event.kind == .xid }).map { group in
                let event = group.first.event
                let info = XidCatalogue.info(event.code)
                let gpu = gpuIndex(node: group.first.node, address: event.pciAddress, input: input)
                // The inventory names the GPU when the run has one of that node; else the bus address does.
                let device = gpu.map { "GPU \($0)" + (event.pciAddress.map { " (PCI \($0))" } ?? "") }
                    ?? (event.pciAddress.map { "GPU at PCI \($0)" } ?? "an unnamed GPU")
                let meaning = info?.name ?? "not in dsbench's Xid catalogue"
                return Finding(
                    rule: rule.id, severity: info?.severity ?? .warning, node: group.first.node, gpu: gpu,
                    step: group.first.stepKey,
                    message: "Xid \(event.code) on \(group.first.node) \(device): \(meaning)"
                        + (group.count > 1 ? " (\(group.count) times)" : ""),
                    evidence: evidence(group.first), observed: Double(event.code),
                    hint: info?.action ?? "look the code up in NVIDIA's Xid catalogue; reset the GPU if it recurs")
            }
        })

    static let sxid = HealthRule(
        id: "nvswitch.sxid", severity: .warning,
        summary: "the kernel log has an SXid error from an NVSwitch (fatal ones are critical)",
        hint: "fatal SXids take the fabric down: drain the node, reset the NVSwitches (reboot) and check the fabric "
            + "manager log; recurring non-fatal SXids on one link point at that link or its GPU",
        check: { input, rule in
            grouped(input.kernelEvents.filter { $0.event.kind == .sxid }).map { group in
                let event = group.first.event
                let fatal = event.detail.lowercased().hasPrefix("fatal")
                return rule.finding(
                    "SXid \(event.code) on \(group.first.node) NVSwitch" + (event.pciAddress.map { " (PCI \($0))" } ?? "")
                        + (fatal ? ": fatal" : "") + (group.count > 1 ? " (\(group.count) times)" : ""),
                    node: group.first.node, step: group.first.stepKey, evidence: evidence(group.first),
                    observed: Double(event.code), severity: fatal ? .critical : .warning)
            }
        })

    private struct Group { var first: HealthKernelEvent; var count: Int }

    /// One group per node, address and code; its count is the largest of any one capture.
    private static func grouped(_ events: [HealthKernelEvent]) -> [Group] {
        var order: [String] = []
        var firsts: [String: HealthKernelEvent] = [:]
        var perCapture: [String: [Int64: Int]] = [:]
        for item in events {
            let key = "\(item.node)\u{0}\(item.event.pciAddress ?? "")\u{0}\(item.event.code)"
            if firsts[key] == nil { order.append(key); firsts[key] = item }
            perCapture[key, default: [:]][item.capture, default: 0] += 1
        }
        return order.compactMap { key in
            firsts[key].map { Group(first: $0, count: perCapture[key]?.values.max() ?? 1) }
        }
    }

    private static func evidence(_ item: HealthKernelEvent) -> String {
        let event = item.event
        var parts = ["\(event.kind.rawValue) (PCI:\(event.pciAddress ?? "?")): \(event.code)"]
        if let pid = event.pid { parts.append("pid=\(pid)") }
        if let name = event.processName { parts.append("name=\(name)") }
        if !event.detail.isEmpty { parts.append(event.detail) }
        return (event.timestamp.map { "[\($0)] " } ?? "") + parts.joined(separator: ", ")
            + (item.stepKey.map { " (\($0), line \(event.line))" } ?? " (line \(event.line))")
    }

    /// The GPU whose PCI bus and device match the Xid's `0000:00:06` (inventory `00000000:00:06.0`).
    static func gpuIndex(node: String, address: String?, input: HealthInput) -> Int? {
        guard let wanted = address.flatMap(PCIAddress.init) else { return nil }
        let candidates = input.gpus.filter { $0.node == node }.map { ($0.index, $0.pciBusID) }
            + input.gpuStates.filter { $0.node == node }.map { ($0.index, $0.pciBusID) }
        return candidates.first { $0.1.flatMap(PCIAddress.init) == wanted }?.0
    }
}

/// Domain, bus and device of a PCI address, however many digits the domain has.
struct PCIAddress: Equatable {
    var domain: UInt32
    var bus: UInt32
    var device: UInt32

    init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count >= 3 else { return nil }
        let deviceText = parts[2].split(separator: ".").first ?? parts[2]
        guard let domain = UInt32(parts[0], radix: 16), let bus = UInt32(parts[1], radix: 16),
              let device = UInt32(deviceText, radix: 16) else { return nil }
        self.domain = domain; self.bus = bus; self.device = device
    }
}
