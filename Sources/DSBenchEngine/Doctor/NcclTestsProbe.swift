import DSBenchCore
import DSBenchExec
import DSBenchParse
import Foundation

/// The nccl-tests version comes only from a run: the first banner line of nccl-tests ≥ 2.17 is
/// `# nccl-tests version 2.19.6 nccl-headers=22809 nccl-library=22809`. Doctor runs the smallest
/// test there is (one 8-byte all_reduce on one GPU, one iteration, no warm-up, no check: 1.3 s on
/// an H200 node) and reads that line with the nccl-tests parser.
public enum NcclTestsProbe {
    public static let arguments = ["-b", "8", "-e", "8", "-g", "1", "-n", "1", "-w", "0", "-c", "0"]
    public static let defaultTimeoutSeconds: Double = 30

    public typealias Outcome = NcclProbeOutcome

    public static func command(binary: String, timeoutSeconds: Double) -> PlannedCommand {
        PlannedCommand(label: "nccl-probe", argv: [binary] + arguments, timeoutSeconds: timeoutSeconds)
    }

    /// Fills the version fields of `readiness` from the probe's result.
    static func apply(_ result: ExecResult, to readiness: inout NodeReadiness) {
        let report: NcclTestsReport? = if case .ncclTests(let parsed) = Parsers.parse(.ncclTests, result.stdout) { parsed } else { nil }
        readiness.ncclTestsVersion = report?.testsVersion
        readiness.ncclHeadersCode = report?.ncclHeadersCode
        readiness.ncclLibraryCode = report?.ncclLibraryCode
        readiness.ncclVersion = report?.ncclVersion
        if result.termination.isSuccess && (report?.errors.isEmpty ?? true) {
            readiness.ncclProbe = report?.testsVersion == nil ? .noVersionLine : .ok
            return
        }
        readiness.ncclProbe = .failed
        readiness.ncclProbeDetail = firstErrorLine(result, report: report)
        readiness.problems.append("nccl-tests probe failed (\(result.termination)): \(readiness.ncclProbeDetail ?? "")")
    }

    /// The line an operator would look at first: nccl-tests' own error line (they go to stdout),
    /// else the first line on stderr, else the first non-banner line, else how it ended.
    static func firstErrorLine(_ result: ExecResult, report: NcclTestsReport?) -> String {
        let stdout = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if let error = report?.errors.first, error.line >= 1, error.line <= stdout.count {
            let text = stdout[error.line - 1].trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { return text }
        }
        let stderr = String(decoding: result.stderr, as: UTF8.self).split(whereSeparator: \.isNewline)
        if let line = stderr.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) { return line }
        if let line = stdout.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty && !$0.hasPrefix("#") }) {
            return line
        }
        return "\(result.termination)"
    }
}
