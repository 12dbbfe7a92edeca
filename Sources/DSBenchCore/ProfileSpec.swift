/// `profile:` on a workload or command step: run its main command under Nsight Compute or Nsight
/// Systems, keep the profiler's report, and export it on the node into the CSV that `ncu-csv` /
/// `nsys-stats` parse (docs/formats.md §8–9).
///
///     profile: {tool: ncu, sections: [SpeedOfLight], kernels: gemm, launch_skip: 2, launch_count: 5}
///     profile: {tool: nsys, trace: [cuda, nvtx, osrt], reports: [cuda_gpu_kern_sum, nvtx_sum]}
public struct ProfileSpec: Sendable, Equatable, Codable {
    public enum Tool: String, Sendable, Codable, CaseIterable { case ncu, nsys }

    public var tool: Tool
    /// ncu `--section` names; empty: ncu's default set.
    public var sections: [String]
    /// ncu `--metrics`, added to the sections' metrics.
    public var metrics: [String]
    /// ncu `--kernel-name regex:<this>`: only kernels whose name matches.
    public var kernels: String?
    public var launchSkip: Int?
    public var launchCount: Int?
    /// nsys `--trace` APIs.
    public var trace: [String]
    /// nsys `stats --report` names.
    public var reports: [String]

    public static let defaultSections = ["SpeedOfLight", "MemoryWorkloadAnalysis"]
    public static let defaultTrace = ["cuda", "nvtx", "osrt"]
    public static let defaultReports = ["cuda_gpu_kern_sum", "cuda_gpu_mem_time_sum", "nvtx_sum"]

    public init(tool: Tool, sections: [String] = [], metrics: [String] = [], kernels: String? = nil,
                launchSkip: Int? = nil, launchCount: Int? = nil, trace: [String] = [], reports: [String] = []) {
        self.tool = tool; self.sections = sections; self.metrics = metrics; self.kernels = kernels
        self.launchSkip = launchSkip; self.launchCount = launchCount; self.trace = trace; self.reports = reports
    }
}

/// The profiler's report file is named at run time (a run and step of its own), so two runs on one
/// node never overwrite each other's report: the plan holds this token, `NodeProbes` fills it in.
public enum ProfileReportPlaceholder {
    public static let token = "{profile_report}"

    /// `/tmp/dsbench-<pid>-run<run>-step<seq>-profile`; ncu adds `.ncu-rep`, nsys `.nsys-rep`.
    public static func path(pid: Int32, runID: Int64, stepSeq: Int) -> String {
        "/tmp/dsbench-\(pid)-run\(runID)-step\(stepSeq)-profile"
    }
}

extension PlannedCommand {
    public var needsProfileReport: Bool { argv.contains { $0.contains(ProfileReportPlaceholder.token) } }

    public func resolvingProfileReport(_ path: String) -> PlannedCommand {
        var copy = self
        copy.argv = argv.map { $0.replacing(ProfileReportPlaceholder.token, with: path) }
        return copy
    }
}
