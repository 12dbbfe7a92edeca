import DSBenchCore
import DSBenchParse
import DSBenchSuite
import Foundation

/// What a profiled step says when its profiler is missing or may not profile: the step fails
/// (its numbers would be missing, not zero) with the fix, never a crash or a silent pass.
enum ProfilerFailure {
    static let installs: [String: String] = [
        "ncu": "Nsight Compute (ncu) comes with the CUDA toolkit (/usr/local/cuda/bin) or NVIDIA's nsight-compute package",
        "nsys": "Nsight Systems (nsys) comes with NVIDIA's nsight-systems package (https://developer.nvidia.com/nsight-systems)",
    ]

    /// The message for a profiler that did not start; nil for any other program.
    static func notStarted(_ outcome: CommandOutcome, why: String) -> String? {
        guard let program = outcome.command.argv.first, let install = installs[program] else { return nil }
        return "\(why); \(install): install it or put its directory on PATH (`dsbench doctor` shows whether a node has it)"
    }

    /// The profiler's own `==ERROR==` lines of a profiled command's output (both streams), in order.
    static func errorLines(_ outputs: [UInt8]...) -> [String] {
        outputs.flatMap { bytes -> [String] in
            guard bytes.count < 64 << 20 else { return [] }
            return String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("==ERROR==") }.map { String($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// ncu may exit 0 when the driver refused it the performance counters: its output says so, and
    /// the export then holds no kernel. nil when the profile worked.
    static func failure(_ outcome: CommandOutcome, program: String, node: String) -> String? {
        if outcome.command.label == "main", let tool = outcome.command.argv.first, installs[tool] != nil,
           let line = outcome.profilerErrors.first {
            return "\(tool) on node \(node): " + NcuErrors.explain(line)
        }
        guard outcome.command.label == ProfileWrap.exportLabel else { return nil }
        switch outcome.parsed {
        case .ncu(let report)?:
            if let error = report.diagnostics.first(where: { $0.severity == .error }) {
                return "\(program) on node \(node): \(error.message)"
            }
            if report.kernels.isEmpty {
                return "\(program) on node \(node): the profile holds no kernel (a `kernels:` regex that matches none, "
                    + "or a `launch_skip` past the last launch?)"
            }
        case .nsysStats(let report)?:
            if report.tables.isEmpty { return "\(program) on node \(node): `nsys stats` printed no report table" }
        default: break
        }
        return nil
    }
}
