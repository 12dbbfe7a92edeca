#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads /proc to tell whether a process group still runs anything.
///
/// `kill(-pgid, 0)` alone is not enough: in containers whose PID 1 does not reap orphans
/// (docker without --init), killed grandchildren stay zombies forever and the group never
/// looks empty, which would turn every TERM into a full grace period followed by a useless KILL.
enum ProcessTable {
    /// Whether any non-zombie process has process group `pgid`; nil when /proc cannot be read
    /// (not Linux, or /proc not mounted), so callers fall back to `kill(-pgid, 0)`.
    static func hasRunningMember(ofGroup pgid: Int32) -> Bool? {
        #if os(Linux)
        guard let directory = opendir("/proc") else { return nil }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = Int32(name),
                  let (state, group) = stateAndGroup(of: pid) else { continue }
            if group == pgid && state != UInt8(ascii: "Z") && state != UInt8(ascii: "X") { return true }
        }
        return false
        #else
        return nil
        #endif
    }

    /// State letter and process group from /proc/PID/stat: "pid (comm) S ppid pgrp …".
    /// The command name may contain spaces and parentheses, so fields are counted after the last ')'.
    static func stateAndGroup(of pid: Int32) -> (state: UInt8, group: Int32)? {
        guard let bytes = readSmallFile("/proc/\(pid)/stat"),
              let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 2, let state = fields[0].first,
              let group = Int32(String(decoding: fields[2], as: UTF8.self)) else { return nil }
        return (state, group)
    }

    /// /proc files report size 0, so read until EOF instead of trusting stat().
    private static func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            result.append(contentsOf: chunk[0..<count])
            if result.count > 64 * 1024 { break }
        }
        return result
    }
}
