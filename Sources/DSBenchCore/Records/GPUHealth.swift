/// Per-GPU health state as nvidia-smi reports it (`-q` text or `-q -x` XML, the health
/// `--query-gpu` CSV, `nvlink -e`), each value under one canonical key whatever the source
/// spelled it (`GPUHealthKey`), so the rules read one vocabulary.
public struct GPUHealthReport: Sendable, Codable, Equatable {
    /// `smi-q`, `smi-q-xml`, `smi-health`, `nvlink-errors`: which form it was read from.
    public var source: String
    public var gpus: [GPUHealthSnapshot]
    public var diagnostics: [Diagnostic]

    public init(source: String, gpus: [GPUHealthSnapshot] = [], diagnostics: [Diagnostic] = []) {
        self.source = source; self.gpus = gpus; self.diagnostics = diagnostics
    }
}

public struct GPUHealthSnapshot: Sendable, Codable, Equatable {
    /// nvidia-smi's index: the `index` field, else the GPU's position in the output (nvidia-smi
    /// lists GPUs in index order).
    public var index: Int
    public var pciBusID: String?
    /// In the order read; a key read twice keeps its last value.
    public var values: [GPUHealthValue]

    public init(index: Int, pciBusID: String? = nil, values: [GPUHealthValue] = []) {
        self.index = index; self.pciBusID = pciBusID; self.values = values
    }

    public func value(_ key: String) -> GPUHealthValue? { values.last { $0.key == key } }
    public func number(_ key: String) -> Double? { value(key)?.number }
    public func text(_ key: String) -> String? { value(key)?.text }

    /// Adds or replaces `key`.
    public mutating func set(_ key: String, _ text: String) {
        let value = GPUHealthValue(key: key, text: text)
        if let at = values.firstIndex(where: { $0.key == key }) { values[at] = value } else { values.append(value) }
    }
}

/// One reading: the text as printed (`36 C`, `Not Active`, `0x0000000000000004`) and, when it
/// starts with a number, that number (`36`, hex read as an integer).
public struct GPUHealthValue: Sendable, Codable, Equatable {
    public var key: String
    public var text: String
    public var number: Double?

    public init(key: String, text: String, number: Double? = nil) {
        self.key = key; self.text = text; self.number = number ?? GPUHealthValue.leadingNumber(text)
    }

    /// `Active` (a clock event reason), `Yes` (pending, failure occurred), `Enabled`.
    public var isOn: Bool {
        let lower = text.lowercased()
        return lower == "active" || lower == "yes" || lower == "enabled" || lower == "true"
    }

    static func leadingNumber(_ text: String) -> Double? {
        let token = text.split(separator: " ").first.map(String.init) ?? text
        if token.hasPrefix("0x") || token.hasPrefix("0X") {
            // Not `.map(Double.init)`: on a UInt64 that picks `init(bitPattern:)` (0x8 read as 4e-323).
            return UInt64(token.dropFirst(2), radix: 16).map { Double($0) }
        }
        guard let value = Double(token), value.isFinite else { return nil }
        return value
    }
}

/// The Xid and SXid lines of a kernel log (`dmesg`, `journalctl -k`).
public struct KernelLogReport: Sendable, Codable, Equatable {
    public var events: [KernelXidEvent]
    /// Lines that came from the NVIDIA driver (`NVRM:`, `nvidia`): zero on a log that is not the
    /// kernel's, or was cut before the driver loaded.
    public var driverLines: Int
    public var lines: Int
    public var diagnostics: [Diagnostic]

    public init(events: [KernelXidEvent] = [], driverLines: Int = 0, lines: Int = 0, diagnostics: [Diagnostic] = []) {
        self.events = events; self.driverLines = driverLines; self.lines = lines; self.diagnostics = diagnostics
    }
}

public struct KernelXidEvent: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case xid = "Xid", sxid = "SXid" }

    public var kind: Kind
    public var code: Int
    /// `0000:00:06` (Xid: domain, bus, device) or `0000:05:00.0` (SXid), as the line gives it.
    public var pciAddress: String?
    public var pid: Int?
    public var processName: String?
    /// The driver's words after the code (and after `pid=`/`name=`).
    public var detail: String
    /// The line's own timestamp text (`0.599751`, `2026-12-02T02:19:00+0000`, `Dec 02 02:19:00`).
    public var timestamp: String?
    public var line: Int

    public init(kind: Kind, code: Int, pciAddress: String? = nil, pid: Int? = nil, processName: String? = nil,
                detail: String, timestamp: String? = nil, line: Int) {
        self.kind = kind; self.code = code; self.pciAddress = pciAddress; self.pid = pid
        self.processName = processName; self.detail = detail; self.timestamp = timestamp; self.line = line
    }
}
