import DSBenchCore

/// What an Xid code means and what to do about it, from NVIDIA's public Xid catalogue (the
/// "Xid Errors" page of the GPU deployment and management documentation, and its per-code
/// resolution table). `hardware`: the GPU, its memory, its link or its firmware is the likely
/// cause; otherwise the application usually is, and the GPU is at fault only when the code
/// recurs across jobs or comes with hardware codes.
public struct XidInfo: Sendable, Equatable {
    public var code: Int
    public var name: String
    public var action: String
    public var severity: Finding.Severity
    public var hardware: Bool
}

public enum XidCatalogue {
    public static func info(_ code: Int) -> XidInfo? { byCode[code] }

    static let byCode: [Int: XidInfo] = Dictionary(uniqueKeysWithValues: entries.map { ($0.code, $0) })

    private static let appCause = "usually the application (an illegal address, a kernel fault); run it under compute-sanitizer; "
        + "the GPU is suspect only if this recurs across different jobs or comes with ECC / bus Xids"

    static let entries: [XidInfo] = [
        XidInfo(code: 8, name: "GPU stopped processing (timeout)", action: "a kernel hung or the driver timed it out; "
                + "check the application and the driver version; reset the GPU if it stays unresponsive",
                severity: .warning, hardware: false),
        XidInfo(code: 13, name: "Graphics engine exception", action: appCause, severity: .warning, hardware: false),
        XidInfo(code: 31, name: "GPU memory page fault (MMU fault)", action: appCause, severity: .warning, hardware: false),
        XidInfo(code: 32, name: "Invalid or corrupted push buffer stream",
                action: "often PCIe corruption: check the PCIe link (replays, width), riser and slot; a driver bug otherwise",
                severity: .warning, hardware: true),
        XidInfo(code: 43, name: "GPU stopped processing (the channel was reset)",
                action: "the application hit a fault (often after Xid 13 or 31) and its channel was stopped; "
                + "the GPU stays usable; look at the job, not the GPU, unless it recurs",
                severity: .warning, hardware: false),
        XidInfo(code: 45, name: "Preemptive cleanup after earlier errors",
                action: "the driver cleaned up after a killed process or an earlier Xid: look at the Xid before it",
                severity: .warning, hardware: false),
        XidInfo(code: 48, name: "Double-bit ECC error (uncorrectable memory error)",
                action: "drain the node, reset the GPU (nvidia-smi -r) or reboot; if it recurs or remapping fails, replace the GPU",
                severity: .critical, hardware: true),
        XidInfo(code: 54, name: "Auxiliary power is not connected to the GPU board",
                action: "connect or reseat the GPU's power cables; check the PSU",
                severity: .critical, hardware: true),
        XidInfo(code: 61, name: "Internal micro-controller breakpoint / warning (PMU)",
                action: "reset the GPU or reboot; update the driver; report to NVIDIA / the vendor if it repeats",
                severity: .critical, hardware: true),
        XidInfo(code: 62, name: "Internal micro-controller halt (PMU)",
                action: "reset the GPU or reboot; check cooling; update the driver and firmware; RMA if it repeats",
                severity: .critical, hardware: true),
        XidInfo(code: 63, name: "ECC page retirement or row remapping recording event",
                action: "a memory error was recorded for retirement / remapping; reset the GPU to apply it "
                + "(remapped rows take effect on reset); watch for Xid 64",
                severity: .warning, hardware: true),
        XidInfo(code: 64, name: "ECC page retirement or row remapping recording failure",
                action: "the GPU could not record a retirement / remap: drain the node and replace the GPU",
                severity: .critical, hardware: true),
        XidInfo(code: 74, name: "NVLink error",
                action: "check `nvidia-smi nvlink -s` / `-e` for the link; reset the GPUs or reboot; "
                + "reseat the GPU / baseboard or replace it if the link keeps failing",
                severity: .critical, hardware: true),
        XidInfo(code: 79, name: "GPU has fallen off the bus",
                action: "the GPU no longer answers on PCIe: drain the node and reboot; check power, cooling, the PCIe "
                + "slot, riser and cables; replace the GPU if it recurs",
                severity: .critical, hardware: true),
        XidInfo(code: 92, name: "High single-bit ECC error rate",
                action: "memory is degrading: reset the GPU, watch the corrected counts and remapped rows; replace it if they grow",
                severity: .warning, hardware: true),
        XidInfo(code: 94, name: "Contained ECC error",
                action: "an uncorrectable error hit one application, which was stopped; reset the GPU to remap the row; "
                + "replace it if remapping fails or it recurs",
                severity: .critical, hardware: true),
        XidInfo(code: 95, name: "Uncontained ECC error",
                action: "an uncorrectable error could not be contained: every job on the GPU is affected; drain the "
                + "node and reset the GPU; replace it if it recurs",
                severity: .critical, hardware: true),
        XidInfo(code: 109, name: "Context switch timeout",
                action: "the application or the GPU hung; check the job and the driver version; reset the GPU if it recurs",
                severity: .warning, hardware: false),
        XidInfo(code: 119, name: "GSP RPC timeout",
                action: "the GPU System Processor stopped answering: reset the GPU or reboot; update the driver / firmware; "
                + "RMA if it recurs",
                severity: .critical, hardware: true),
        XidInfo(code: 120, name: "GSP error",
                action: "the GPU System Processor reported an error: reset the GPU or reboot; update the driver / firmware; "
                + "RMA if it recurs",
                severity: .critical, hardware: true),
    ]
}
