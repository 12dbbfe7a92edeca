import DSBenchCore

/// Kernel intervals per device, in ns, and the interval arithmetic of the overlap metric:
/// U_n = union of NCCL kernels, U_c = union of other kernels, overlap = |U_c ∩ U_n|,
/// exposed communication = |U_n| − overlap (docs/formats.md §5.3).
struct KernelIntervals {
    struct Interval { var start: Int64; var end: Int64 }

    private var nccl: [Int: [Interval]] = [:]
    private var compute: [Int: [Interval]] = [:]
    private var collectives: [Int: [String: (count: Int, ns: Int64)]] = [:]
    private(set) var kernelEvents = 0
    var skipped = 0

    mutating func add(device: Int, start: Int64, end: Int64, collective: String?) {
        kernelEvents += 1
        let interval = Interval(start: start, end: end)
        if let collective {
            nccl[device, default: []].append(interval)
            let previous = collectives[device, default: [:]][collective] ?? (0, 0)
            collectives[device, default: [:]][collective] = (previous.count &+ 1, previous.ns &+ (end &- start))
        } else {
            compute[device, default: []].append(interval)
            if nccl[device] == nil { nccl[device] = [] }
        }
    }

    func devices() -> [TorchTraceDevice] {
        nccl.keys.sorted().map { device in
            let n = Self.union(nccl[device] ?? [])
            let c = Self.union(compute[device] ?? [])
            let ncclNs = Self.length(n)
            let overlapNs = Self.intersectionLength(n, c)
            let stats = (collectives[device] ?? [:]).mapValues {
                CollectiveStats(count: $0.count, microseconds: Double($0.ns) / 1000)
            }
            return TorchTraceDevice(
                device: device,
                ncclMicroseconds: Double(ncclNs) / 1000,
                computeMicroseconds: Double(Self.length(c)) / 1000,
                overlapMicroseconds: Double(overlapNs) / 1000,
                overlapPercent: ncclNs > 0 ? Double(overlapNs) / Double(ncclNs) * 100 : 0,
                exposedCommMicroseconds: Double(ncclNs &- overlapNs) / 1000,
                collectives: stats)
        }
    }

    /// Sorted, disjoint intervals covering the same time; empty intervals vanish.
    static func union(_ intervals: [Interval]) -> [Interval] {
        let sorted = intervals.filter { $0.end > $0.start }.sorted { $0.start < $1.start }
        var merged: [Interval] = []
        merged.reserveCapacity(sorted.count)
        for interval in sorted {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    static func length(_ merged: [Interval]) -> Int64 {
        merged.reduce(0) { $0 &+ ($1.end &- $1.start) }
    }

    /// Length of the intersection of two unions (each sorted and disjoint).
    static func intersectionLength(_ a: [Interval], _ b: [Interval]) -> Int64 {
        var i = 0, j = 0
        var total: Int64 = 0
        while i < a.count, j < b.count {
            let start = max(a[i].start, b[j].start)
            let end = min(a[i].end, b[j].end)
            if end > start { total &+= end &- start }
            if a[i].end < b[j].end { i += 1 } else { j += 1 }
        }
        return total
    }
}
