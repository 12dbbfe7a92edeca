#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock and process CPU time of one timed region. The CPU time shows how much of the
/// wall time the process actually ran: on a shared VM, cpu/wall well below 1 for a
/// single-threaded benchmark means another process took the core.
struct Stopwatch {
    private let wallStart: Double
    private let cpuStart: Double

    init() {
        wallStart = Self.seconds(CLOCK_MONOTONIC)
        cpuStart = Self.seconds(CLOCK_PROCESS_CPUTIME_ID)
    }

    func stop() -> Timing {
        Timing(wall: Self.seconds(CLOCK_MONOTONIC) - wallStart, cpu: Self.seconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart)
    }

    private static func seconds(_ clock: clockid_t) -> Double {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

struct Timing {
    var wall: Double
    var cpu: Double

    static func + (a: Timing, b: Timing) -> Timing { Timing(wall: a.wall + b.wall, cpu: a.cpu + b.cpu) }
    static let zero = Timing(wall: 0, cpu: 0)
}

/// The timings of every repetition of one benchmark.
struct Repetitions {
    private(set) var timings: [Timing] = []

    mutating func add(_ timing: Timing) { timings.append(timing) }

    var count: Int { timings.count }
    var medianWall: Double { Self.median(timings.map(\.wall)) }
    var minWall: Double { timings.map(\.wall).min() ?? 0 }
    var maxWall: Double { timings.map(\.wall).max() ?? 0 }
    var medianCPU: Double { Self.median(timings.map(\.cpu)) }
    /// Median over repetitions of cpu / wall.
    var medianCPUShare: Double { Self.median(timings.map { $0.wall > 0 ? $0.cpu / $0.wall : 0 }) }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
