/// What one nccl-tests run printed, as records (see docs/formats.md §1).
public struct NcclTestsReport: Sendable, Codable, Equatable {
    /// Program name from `# Collective test starting:` (e.g. `all_reduce_perf`).
    public var program: String?
    /// nccl-tests version from the banner (≥ 2.17.4), e.g. `2.19.6`.
    public var testsVersion: String?
    /// NCCL version codes from the banner (`nccl-headers=`, `nccl-library=`).
    public var ncclHeadersCode: Int?
    public var ncclLibraryCode: Int?
    /// Decoded NCCL version (`2.28.9`), from the library code or an `NCCL version` line.
    public var ncclVersion: String?
    public var parameters: NcclTestsParameters?
    public var devices: [NcclTestsDevice]
    /// Ranks of the run when `devices` does not list each of them: the `-J` JSON lists only the
    /// first device of each process, so there it is processes × nThread × nGpus. nil where every
    /// rank has its device line (the text); then the rank count is `devices.count`.
    public var rankCount: Int? = nil
    public var rows: [NcclTestsRow]
    /// `# Out of bounds values : N OK|FAILED`.
    public var outOfBounds: Int?
    public var outOfBoundsOK: Bool?
    /// `# Avg bus bandwidth : X [OK|FAILED]`; nil when absent or not finite.
    public var avgBusBandwidth: Double?
    /// `OK`/`FAILED` after the average (only when NCCL_TESTS_MIN_BW was set); nil when absent.
    public var avgBusBandwidthOK: Bool? = nil
    /// `# Reducing maxBytes to N due to memory limitation`.
    public var reducedMaxBytes: Int64?
    /// `# Writing JSON output to PATH`.
    public var jsonOutputPath: String?
    /// Test CUDA/NCCL failure, Test failure and timeout lines, and `# error:` footers.
    public var errors: [NcclTestsError]
    /// Number of `# nThread` banners seen (more than one: repeated or duplicated runs).
    public var bannerCount: Int
    /// NCCL_DEBUG lines found (anywhere in the text, even glued to a row), in order.
    public var ncclDebugLines: [NcclDebugLine]
    /// True when the footer (`# Out of bounds values`) was seen.
    public var complete: Bool
    public var diagnostics: [Diagnostic]
    /// The NCCL_DEBUG lines summarised as the parse read them (transports, channels, WARN lines):
    /// what the health rules judge and what the store keeps, so nothing decodes the lines again.
    /// Nil when the output held no NCCL_DEBUG line (or a streaming parse counted them only).
    public var transport: NcclTransportSummary? = nil

    public init(program: String? = nil, testsVersion: String? = nil, ncclHeadersCode: Int? = nil,
                ncclLibraryCode: Int? = nil, ncclVersion: String? = nil,
                parameters: NcclTestsParameters? = nil, devices: [NcclTestsDevice] = [],
                rows: [NcclTestsRow] = [], outOfBounds: Int? = nil, outOfBoundsOK: Bool? = nil,
                avgBusBandwidth: Double? = nil, reducedMaxBytes: Int64? = nil,
                jsonOutputPath: String? = nil, errors: [NcclTestsError] = [], bannerCount: Int = 0,
                ncclDebugLines: [NcclDebugLine] = [], complete: Bool = false,
                diagnostics: [Diagnostic] = []) {
        self.program = program; self.testsVersion = testsVersion
        self.ncclHeadersCode = ncclHeadersCode; self.ncclLibraryCode = ncclLibraryCode
        self.ncclVersion = ncclVersion; self.parameters = parameters; self.devices = devices
        self.rows = rows; self.outOfBounds = outOfBounds; self.outOfBoundsOK = outOfBoundsOK
        self.avgBusBandwidth = avgBusBandwidth; self.reducedMaxBytes = reducedMaxBytes
        self.jsonOutputPath = jsonOutputPath; self.errors = errors; self.bannerCount = bannerCount
        self.ncclDebugLines = ncclDebugLines; self.complete = complete; self.diagnostics = diagnostics
    }

    /// The collective name derived from the program (`all_reduce_perf_mpi` → `all_reduce`).
    public var collective: String? {
        guard var name = program else { return nil }
        if let range = name.range(of: "_perf") { name = String(name[..<range.lowerBound]) }
        return name
    }
}

/// `# nThread 1 nGpus 8 minBytes 8 maxBytes … step: 2(factor) warmup iters: 1 iters: 20 …`
public struct NcclTestsParameters: Sendable, Codable, Equatable {
    public var nThread: Int
    public var nGpus: Int
    public var minBytes: Int64
    public var maxBytes: Int64
    public var step: Int64
    /// `factor` or `bytes`.
    public var stepKind: String
    public var warmupIters: Int
    public var iters: Int
    public var aggIters: Int?
    public var validation: Int
    public var graph: Int?
    public var unalign: Int?

    public init(nThread: Int, nGpus: Int, minBytes: Int64, maxBytes: Int64, step: Int64,
                stepKind: String, warmupIters: Int, iters: Int, aggIters: Int? = nil,
                validation: Int, graph: Int? = nil, unalign: Int? = nil) {
        self.nThread = nThread; self.nGpus = nGpus; self.minBytes = minBytes; self.maxBytes = maxBytes
        self.step = step; self.stepKind = stepKind; self.warmupIters = warmupIters; self.iters = iters
        self.aggIters = aggIters; self.validation = validation; self.graph = graph; self.unalign = unalign
    }
}

/// `#  Rank  0 Group  0 Pid   3721 on         vm device  0 [0000:00:06] NVIDIA H200`
public struct NcclTestsDevice: Sendable, Codable, Equatable {
    public var rank: Int
    public var group: Int?
    public var pid: Int?
    public var host: String
    public var cudaDevice: Int
    /// `0000:00:06` (≥2.14.1) or `0x06` (older: bus number only), as printed.
    public var busId: String
    public var name: String

    public init(rank: Int, group: Int?, pid: Int?, host: String, cudaDevice: Int, busId: String, name: String) {
        self.rank = rank; self.group = group; self.pid = pid; self.host = host
        self.cudaDevice = cudaDevice; self.busId = busId; self.name = name
    }
}

/// One half of a row (out-of-place or in-place). nil fields were `N/A` or not finite.
///
/// Stored without `Optional`'s padding: a missing number is NaN and a missing count `.min`
/// (records never hold a non-finite number, and counts are never negative), which takes the
/// measurement from 152 to 80 bytes. The health pass holds every row of a step: a 200 MiB
/// capture's 580 k rows were half of its ingest's peak. Reads and writes go through the optional
/// properties as before; equality and Codable are those of the optional fields.
public struct NcclTestsMeasurement: Sendable, Equatable {
    private var storedTimeUs: Double
    private var storedAlgbw: Double
    private var storedBusbw: Double
    private var storedWrong: Int64
    private var storedIterMinUs: Double
    private var storedIterMaxUs: Double
    private var storedIterP99Us: Double
    private var storedIterCVPercent: Double
    /// The per-iteration CUDA-event times (µs) the statistics above were taken over (`-J` JSON of
    /// `-I 1` only): the leading `-K` iterations already left out, and with several processes the
    /// max over processes of each iteration. nil when the output has none (every text table).
    public var iterTimesUs: [Double]?
    private var storedIterSkipped: Int

    public var timeUs: Double? { get { Self.number(storedTimeUs) } set { storedTimeUs = newValue ?? .nan } }
    public var algbw: Double? { get { Self.number(storedAlgbw) } set { storedAlgbw = newValue ?? .nan } }
    public var busbw: Double? { get { Self.number(storedBusbw) } set { storedBusbw = newValue ?? .nan } }
    /// Wrong elements; nil when `N/A` (validation off, or in-place alltoall/sendrecv).
    public var wrong: Int64? { get { storedWrong == .min ? nil : storedWrong } set { storedWrong = newValue ?? .min } }
    /// Per-iteration statistics (`-I 1`): i_min, i_max, i_p99 (µs), i_cv%.
    public var iterMinUs: Double? { get { Self.number(storedIterMinUs) } set { storedIterMinUs = newValue ?? .nan } }
    public var iterMaxUs: Double? { get { Self.number(storedIterMaxUs) } set { storedIterMaxUs = newValue ?? .nan } }
    public var iterP99Us: Double? { get { Self.number(storedIterP99Us) } set { storedIterP99Us = newValue ?? .nan } }
    public var iterCVPercent: Double? {
        get { Self.number(storedIterCVPercent) } set { storedIterCVPercent = newValue ?? .nan }
    }
    /// Leading iterations nccl-tests measured but left out of the statistics (`-K`).
    public var iterSkipped: Int? { get { storedIterSkipped == .min ? nil : storedIterSkipped } set { storedIterSkipped = newValue ?? .min } }

    public init(timeUs: Double?, algbw: Double?, busbw: Double?, wrong: Int64?,
                iterMinUs: Double? = nil, iterMaxUs: Double? = nil, iterP99Us: Double? = nil,
                iterCVPercent: Double? = nil, iterTimesUs: [Double]? = nil, iterSkipped: Int? = nil) {
        storedTimeUs = timeUs ?? .nan; storedAlgbw = algbw ?? .nan; storedBusbw = busbw ?? .nan
        storedWrong = wrong ?? .min
        storedIterMinUs = iterMinUs ?? .nan; storedIterMaxUs = iterMaxUs ?? .nan; storedIterP99Us = iterP99Us ?? .nan
        storedIterCVPercent = iterCVPercent ?? .nan; self.iterTimesUs = iterTimesUs; storedIterSkipped = iterSkipped ?? .min
    }

    private static func number(_ stored: Double) -> Double? { stored.isNaN ? nil : stored }

    public static func == (a: Self, b: Self) -> Bool {
        a.timeUs == b.timeUs && a.algbw == b.algbw && a.busbw == b.busbw && a.wrong == b.wrong
            && a.iterMinUs == b.iterMinUs && a.iterMaxUs == b.iterMaxUs && a.iterP99Us == b.iterP99Us
            && a.iterCVPercent == b.iterCVPercent && a.iterTimesUs == b.iterTimesUs && a.iterSkipped == b.iterSkipped
    }
}

extension NcclTestsMeasurement: Codable {
    /// The keys and order the synthesized conformance had (the stored fields were these optionals).
    private enum CodingKeys: String, CodingKey {
        case timeUs, algbw, busbw, wrong, iterMinUs, iterMaxUs, iterP99Us, iterCVPercent, iterTimesUs, iterSkipped
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(timeUs: try c.decodeIfPresent(Double.self, forKey: .timeUs),
                  algbw: try c.decodeIfPresent(Double.self, forKey: .algbw),
                  busbw: try c.decodeIfPresent(Double.self, forKey: .busbw),
                  wrong: try c.decodeIfPresent(Int64.self, forKey: .wrong),
                  iterMinUs: try c.decodeIfPresent(Double.self, forKey: .iterMinUs),
                  iterMaxUs: try c.decodeIfPresent(Double.self, forKey: .iterMaxUs),
                  iterP99Us: try c.decodeIfPresent(Double.self, forKey: .iterP99Us),
                  iterCVPercent: try c.decodeIfPresent(Double.self, forKey: .iterCVPercent),
                  iterTimesUs: try c.decodeIfPresent([Double].self, forKey: .iterTimesUs),
                  iterSkipped: try c.decodeIfPresent(Int.self, forKey: .iterSkipped))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(timeUs, forKey: .timeUs)
        try c.encodeIfPresent(algbw, forKey: .algbw)
        try c.encodeIfPresent(busbw, forKey: .busbw)
        try c.encodeIfPresent(wrong, forKey: .wrong)
        try c.encodeIfPresent(iterMinUs, forKey: .iterMinUs)
        try c.encodeIfPresent(iterMaxUs, forKey: .iterMaxUs)
        try c.encodeIfPresent(iterP99Us, forKey: .iterP99Us)
        try c.encodeIfPresent(iterCVPercent, forKey: .iterCVPercent)
        try c.encodeIfPresent(iterTimesUs, forKey: .iterTimesUs)
        try c.encodeIfPresent(iterSkipped, forKey: .iterSkipped)
    }
}

public struct NcclTestsRow: Sendable, Codable, Equatable {
    public var size: Int64
    public var count: Int64
    public var type: String
    /// Reduction op, `none`, or empty (hypercube and 2.13.0–2.13.3 non-reductions).
    public var redop: String
    public var root: Int
    public var outOfPlace: NcclTestsMeasurement
    /// nil when the row was cut before its in-place half.
    public var inPlace: NcclTestsMeasurement?
    /// `-S 1` timestamp, `YYYY-MM-DD HH:MM:SS`.
    public var timestamp: String?
    /// 1-based line of the row's first token.
    public var line: Int

    public init(size: Int64, count: Int64, type: String, redop: String, root: Int,
                outOfPlace: NcclTestsMeasurement, inPlace: NcclTestsMeasurement?,
                timestamp: String? = nil, line: Int) {
        self.size = size; self.count = count; self.type = type; self.redop = redop; self.root = root
        self.outOfPlace = outOfPlace; self.inPlace = inPlace; self.timestamp = timestamp; self.line = line
    }
}

public struct NcclTestsError: Sendable, Codable, Equatable {
    /// `cuda`, `nccl`, `propagated` (` .. host pid N: Test failure`), `timeout`, `footer`
    /// (`# error:`), `usage` (invalid option, invalid number of GPUs, invalid size).
    public var kind: String
    public var host: String?
    public var location: String?
    public var message: String
    public var line: Int

    public init(kind: String, host: String?, location: String?, message: String, line: Int) {
        self.kind = kind; self.host = host; self.location = location; self.message = message; self.line = line
    }
}

/// One NCCL_DEBUG line (`host:pid:tid [dev] NCCL INFO msg` or a WARN), found anywhere in a line.
public struct NcclDebugLine: Sendable, Codable, Equatable {
    /// `INFO`, `WARN`, `TRACE`, `VERSION` (bare `NCCL version …`).
    public var level: String
    public var host: String?
    public var pid: Int?
    public var device: Int?
    public var message: String
    public var line: Int

    public init(level: String, host: String?, pid: Int?, device: Int?, message: String, line: Int) {
        self.level = level; self.host = host; self.pid = pid; self.device = device
        self.message = message; self.line = line
    }
}
