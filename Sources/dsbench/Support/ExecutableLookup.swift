import DSBenchCore
import Foundation

/// The first executable `name` on PATH, as a shell would find it.
enum ExecutableLookup {
    static func find(_ name: String, path: String? = EnvironmentVariable.value("PATH")) -> String? {
        for dir in (path ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
