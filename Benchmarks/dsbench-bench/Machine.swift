import Foundation

/// The machine the numbers were taken on: they mean little without it.
struct MachineInfo: Encodable {
    var cpuModel: String
    /// Online processors (`nproc`).
    var processors: Int
    var memoryGiB: Double
    var kernel: String
    /// 1-minute load average at start and end: other work on a shared VM shows here.
    var loadAverageStart: Double?
    var loadAverageEnd: Double?
    var build: String

    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = field("model name", in: cpuinfo) ?? field("Hardware", in: cpuinfo) ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memKiB = field("MemTotal", in: meminfo).flatMap { Double($0.split(separator: " ").first ?? "") }
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return MachineInfo(cpuModel: model, processors: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
                           memoryGiB: (memKiB ?? 0) / 1_048_576, kernel: kernel,
                           loadAverageStart: loadAverage(), loadAverageEnd: nil, build: buildConfiguration)
    }

    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first else { return nil }
        return Double(first)
    }

    /// `key : value` from /proc files.
    private static func field(_ key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    private static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}
