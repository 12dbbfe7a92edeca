/// What one benchmark measured, ready for the table and the JSON.
struct BenchmarkResult: Encodable {
    /// Stable identifier (`parse.nccl-tests`, `ingest.dmon_samples`, …).
    var id: String
    var title: String
    /// What went in, in words (`64.0 MiB: 12 captures × 1,771`).
    var input: String
    var inputBytes: Int?
    var repetitions: Int
    var medianSeconds: Double
    var minSeconds: Double
    var maxSeconds: Double
    /// Median of cpu time / wall time per repetition (process CPU, all threads).
    var medianCPUShare: Double
    /// Median process CPU time: less disturbed than wall time when other work shares the cores.
    var medianCPUSeconds: Double
    var rates: [Rate]
    /// Time per phase, summed over a repetition, median over repetitions (end-to-end only).
    var phases: [Phase] = []
    var notes: [String] = []

    struct Rate: Encodable {
        /// `MB/s` (10^6 bytes per second), `rows/s`, `files/s`.
        var unit: String
        /// Amount / median time.
        var median: Double
        /// Amount / fastest time.
        var best: Double
        /// Amount / median process CPU time: what the code does per second of CPU it got. Higher
        /// than the wall rates when the cores were shared or the process waited for the disk.
        var perCPUSecond: Double
        var target: Double?
        /// Whether the median rate meets the target; nil without a target.
        var targetMet: Bool?
    }

    struct Phase: Encodable {
        var name: String
        var medianSeconds: Double
    }

    init(id: String, title: String, input: String, inputBytes: Int?, repetitions: Repetitions,
         amounts: [(unit: String, amount: Double, target: Double?)]) {
        self.id = id
        self.title = title
        self.input = input
        self.inputBytes = inputBytes
        self.repetitions = repetitions.count
        medianSeconds = repetitions.medianWall
        minSeconds = repetitions.minWall
        maxSeconds = repetitions.maxWall
        medianCPUShare = repetitions.medianCPUShare
        medianCPUSeconds = repetitions.medianCPU
        let median = repetitions.medianWall, fastest = repetitions.minWall, cpu = repetitions.medianCPU
        rates = amounts.map { unit, amount, target in
            let rate = median > 0 ? amount / median : 0
            return Rate(unit: unit, median: rate, best: fastest > 0 ? amount / fastest : 0,
                        perCPUSecond: cpu > 0 ? amount / cpu : 0, target: target, targetMet: target.map { rate >= $0 })
        }
    }
}

/// Bytes to the MB of the rates (10^6).
func megabytes(_ bytes: Int) -> Double { Double(bytes) / 1e6 }
