import DSBenchCore

/// Recognises how a training job failed from its output: CUDA out of memory, NCCL errors and
/// watchdog timeouts, processes killed by a signal, and torchrun's ChildFailedError report with
/// the rank that failed first ("Root Cause (first observed failure)").
struct WorkloadFailureClassifier {
    private(set) var failures: [WorkloadFailure] = []
    private var perKind: [WorkloadFailure.Kind: Int] = [:]
    private var inRootCause = false
    private var rootCause: (line: Int, rank: Int?, localRank: Int?, host: String?, exitCode: Int?)?
    private var sawChildFailed: Int?

    /// Enough of each kind to explain a failure without flooding the diagnostics of a 64-rank job.
    private static let maxPerKind = 8

    mutating func scan(_ raw: Substring, number: Int) {
        let (rank, line) = Self.splitRankPrefix(raw)
        if line.contains("OutOfMemoryError") || line.contains("CUDA out of memory")
            || line.contains("CUDA error: out of memory") {
            add(.outOfMemory, number, line, rank: rank)
        } else if line.contains("Watchdog caught collective operation timeout")
                    || (line.contains("WorkNCCL") && line.contains("timing out"))
                    || line.contains("NCCL timeout") {
            add(.ncclTimeout, number, line, rank: rank ?? Self.bracketRank(line))
        } else if line.contains(" NCCL WARN ") || line.contains("NCCL error") || Self.hasNcclResultCode(line) {
            add(.ncclError, number, line, rank: rank ?? Self.bracketRank(line))
        } else if let signal = Self.signalReceived(line) {
            add(.killedBySignal, number, line, rank: rank, signal: signal)
        } else if line.contains("ChildFailedError") {
            if sawChildFailed == nil { sawChildFailed = number }
        }
        scanLauncherReport(line, number: number)
    }

    /// Call after the last line: adds torchrun's report of the first failed rank.
    mutating func finish() {
        guard let start = sawChildFailed ?? rootCause?.line else { return }
        var message = "torchrun: worker process failed (ChildFailedError)"
        var signal: Int32?
        if let cause = rootCause {
            var parts: [String] = []
            if let rank = cause.rank { parts.append("rank \(rank)" + (cause.localRank.map { " (local_rank \($0))" } ?? "")) }
            if let host = cause.host { parts.append("on \(host)") }
            if let code = cause.exitCode {
                if code < 0, let s = Int32(exactly: code.magnitude) {
                    signal = s
                    parts.append("killed by signal \(s)")
                } else {
                    parts.append("exit code \(code)")
                }
            }
            if !parts.isEmpty { message = "torchrun: first failure: " + parts.joined(separator: " ") }
        }
        failures.append(WorkloadFailure(kind: .launcher, line: start, message: message,
                                        rank: rootCause?.rank, signal: signal))
    }

    private mutating func scanLauncherReport(_ line: Substring, number: Int) {
        let trimmed = line.trimmedSpaces
        if trimmed.hasPrefix("Root Cause") {
            inRootCause = true
            rootCause = (number, nil, nil, nil, nil)
            return
        }
        guard inRootCause else { return }
        if trimmed.hasPrefix("=====") { inRootCause = false; return }
        let field = trimmed.split(separator: ":", maxSplits: 1).map { String($0.trimmedSpaces) }
        guard field.count == 2 else { return }
        let words = field[1].split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
        switch field[0] {
        case "rank":
            rootCause?.rank = words.first.flatMap { Int($0) }
            if let index = words.firstIndex(of: "local_rank:"), index + 1 < words.count {
                rootCause?.localRank = Int(words[index + 1])
            }
        case "host": rootCause?.host = words.first.map(String.init)
        case "exitcode": rootCause?.exitCode = words.first.flatMap { Int($0) }
        default: break
        }
    }

    private mutating func add(_ kind: WorkloadFailure.Kind, _ number: Int, _ line: Substring, rank: Int?,
                              signal: Int32? = nil) {
        let count = perKind[kind, default: 0]
        perKind[kind] = count + 1
        guard count < Self.maxPerKind else { return }
        let text = line.trimmedSpaces
        failures.append(WorkloadFailure(kind: kind, line: number, message: String(text.prefix(400)),
                                        rank: rank, signal: signal))
    }

    /// torchrun prefixes worker output with `[rankN]:` (PyTorch ≥ 2.2); returns N and the rest.
    static func splitRankPrefix(_ line: Substring) -> (Int?, Substring) {
        guard line.hasPrefix("[rank"), let close = line.firstIndex(of: "]") else { return (nil, line) }
        let digits = line[line.index(line.startIndex, offsetBy: 5)..<close]
        guard let rank = Int(digits) else { return (nil, line) }
        var rest = line[line.index(after: close)...]
        if rest.first == ":" { rest = rest.dropFirst() }
        return (rank, rest.drop { $0 == " " })
    }

    /// `[Rank 3]` in ProcessGroupNCCL messages.
    static func bracketRank(_ line: Substring) -> Int? {
        guard let range = line.range(of: "[Rank ") else { return nil }
        let digits = line[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    private static let ncclResultCodes = ["ncclUnhandledCudaError", "ncclSystemError", "ncclInternalError",
                                          "ncclInvalidArgument", "ncclInvalidUsage", "ncclRemoteError"]

    private static func hasNcclResultCode(_ line: Substring) -> Bool {
        ncclResultCodes.contains { line.contains($0) }
    }

    /// `Signal 9 (SIGKILL) received by PID 123` (torchrun), or elastic's `failed (exitcode: -9)`.
    static func signalReceived(_ line: Substring) -> Int32? {
        if let range = line.range(of: "Signal "), line.contains("received by PID") {
            return Int32(line[range.upperBound...].prefix { $0.isNumber })
        }
        if let range = line.range(of: "failed (exitcode: -") {
            return Int32(line[range.upperBound...].prefix { $0.isNumber })
        }
        return nil
    }
}
