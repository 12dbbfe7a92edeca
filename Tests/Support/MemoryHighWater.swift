import Foundation

/// This process's peak resident memory since the last `reset()` (Linux: `VmHWM` in
/// /proc/self/status, reset by writing 5 to /proc/self/clear_refs). `getrusage`'s peak only ever
/// rises, so in a test process that has run other tests it says nothing about one operation.
public enum MemoryHighWater {
    /// False where the kernel offers no reset (not Linux, or /proc not writable).
    @discardableResult
    public static func reset() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// Peak resident bytes since the last reset (`VmHWM`), nil without /proc.
    public static var peakBytes: Int? { status("VmHWM:") }
    /// Resident bytes now (`VmRSS`).
    public static var currentBytes: Int? { status("VmRSS:") }

    private static func status(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
        let kib = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        return kib.map { $0 * 1024 }
    }
}
