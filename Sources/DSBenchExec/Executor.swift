import DSBenchCore

/// Which of a child's output streams a chunk came from.
public enum OutputStreamKind: Sendable {
    case stdout, stderr
}

/// Called as bytes arrive (for progress/live logs); may be nil.
public typealias OutputHandler = @Sendable (OutputStreamKind, [UInt8]) -> Void

/// Runs planned commands on one node. The engine talks only to this protocol, so tests can swap in
/// `FakeExecutor` and a remote executor can be added without touching the engine.
public protocol Executor: Sendable {
    /// A human name for where commands run ("local", a hostname).
    var nodeName: String { get }
    /// Runs one command to completion, timeout or cancellation. Never throws for the command's own
    /// failure: a missing binary, a non-zero exit, a signal, a timeout are all in `ExecResult.termination`.
    func run(_ command: PlannedCommand, output: OutputHandler?) async -> ExecResult
    /// Starts a background capture (e.g. nvidia-smi dmon) and returns at once.
    func startCapture(_ capture: PlannedCapture) async -> any RunningCapture
}

/// Where a running capture stands: how much of its stdout has arrived, and whether it has ended
/// (then no more will).
public struct CaptureProgress: Sendable, Equatable {
    public var stdoutBytes: Int
    public var ended: Bool
    public init(stdoutBytes: Int, ended: Bool) { self.stdoutBytes = stdoutBytes; self.ended = ended }
}

/// A background capture started by `Executor.startCapture`. One runs per node for a whole run:
/// a step is told its samples by the byte offsets of the capture's stdout at its start and end.
public protocol RunningCapture: Sendable {
    /// The stdout received so far (the capture goes on). A remote capture first reads what the
    /// node has sent, so the count is the node's, not what the last command's reads happened to see.
    func progress() async -> CaptureProgress
    /// A copy of the stdout received so far: for the wait for a capture's first sample.
    func stdoutSoFar() async -> [UInt8]
    /// Stops the capture (TERM to its process group, KILL after a grace period) and returns
    /// everything it wrote. A capture that failed to start returns `.failedToStart`.
    func stop() async -> ExecResult
}
