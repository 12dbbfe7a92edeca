#if canImport(Glibc)
import Glibc
#endif

/// One variable of the process's environment.
///
/// Why not `ProcessInfo.processInfo.environment[name]`: every read of that property builds a
/// dictionary of the whole environment, hashing each name, 0.5 M instructions a read; `ingest`
/// read it three times for three names (1.5 M of its 123 M, callgrind).
public enum EnvironmentVariable {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
