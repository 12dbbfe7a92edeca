#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// This machine's name as the kernel has it (`gethostname(2)`, what `hostname` prints). A run
/// records it and a later dsbench compares it to decide whether the run's pid can be checked here,
/// so both sides must get the same answer at once: `ProcessInfo.hostName` may ask DNS instead,
/// which can give another name or stall.
public enum LocalHost {
    public static var name: String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
