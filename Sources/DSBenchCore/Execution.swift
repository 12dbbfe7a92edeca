import Foundation

/// How a command ended.
public enum Termination: Sendable, Codable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// Killed by dsbench at its timeout (TERM, then KILL of the process group).
    case timedOut(seconds: Double)
    /// Stopped because the run was cancelled (Ctrl-C).
    case cancelled
    /// Never started: executable not found, permission denied, node unreachable …
    case failedToStart(String)

    public var isSuccess: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exit \(code)"
        case .signaled(let sig): return "signal \(sig)"
        case .timedOut(let s): return "timed out after \(s) s"
        case .cancelled: return "cancelled"
        case .failedToStart(let why): return why
        }
    }
}

/// Everything a command produced, as raw bytes.
public struct ExecResult: Sendable, Equatable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var termination: Termination
    public var startedAt: Date
    public var endedAt: Date

    public init(stdout: [UInt8], stderr: [UInt8], termination: Termination, startedAt: Date, endedAt: Date) {
        self.stdout = stdout; self.stderr = stderr; self.termination = termination
        self.startedAt = startedAt; self.endedAt = endedAt
    }
}
