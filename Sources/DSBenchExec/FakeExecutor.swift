import DSBenchCore
import Foundation
import Synchronization

/// An executor that runs nothing: it answers from closures and remembers what it was asked, so
/// engine tests can script outcomes (exit codes, timeouts, outputs) and check what was planned.
public struct FakeExecutor: Executor {
    public let nodeName: String
    private let respond: @Sendable (PlannedCommand) -> ExecResult
    private let captureRespond: @Sendable (PlannedCapture) -> ExecResult
    private let journal = Journal()

    /// - Parameters:
    ///   - respond: the result of each `run`; its stdout and stderr are also fed to the output handler.
    ///   - capture: the result each started capture returns from `stop()`.
    public init(nodeName: String = "fake",
                respond: @escaping @Sendable (PlannedCommand) -> ExecResult,
                capture: @escaping @Sendable (PlannedCapture) -> ExecResult = { _ in FakeExecutor.result() }) {
        self.nodeName = nodeName
        self.respond = respond
        self.captureRespond = capture
    }

    public func run(_ command: PlannedCommand, output: OutputHandler?) async -> ExecResult {
        journal.state.withLock { $0.commands.append(command) }
        let result = respond(command)
        if let output {
            if !result.stdout.isEmpty { output(.stdout, result.stdout) }
            if !result.stderr.isEmpty { output(.stderr, result.stderr) }
        }
        return result
    }

    public func startCapture(_ capture: PlannedCapture) async -> any RunningCapture {
        journal.state.withLock { $0.startedCaptures.append(capture) }
        return FakeCapture(capture: capture, respond: captureRespond, journal: journal)
    }

    /// Every command given to `run`, in call order.
    public var commands: [PlannedCommand] { journal.state.withLock { $0.commands } }
    /// Every capture started, in call order.
    public var startedCaptures: [PlannedCapture] { journal.state.withLock { $0.startedCaptures } }
    /// Names of the captures stopped, in call order.
    public var stoppedCaptures: [String] { journal.state.withLock { $0.stoppedCaptures } }

    /// A result to script: text outputs and an exit code (or any termination), timestamped now.
    public static func result(stdout: String = "", stderr: String = "",
                              termination: Termination = .exited(0)) -> ExecResult {
        let now = Date()
        return ExecResult(stdout: Array(stdout.utf8), stderr: Array(stderr.utf8), termination: termination,
                          startedAt: now, endedAt: now)
    }

    final class Journal: Sendable {
        struct State {
            var commands: [PlannedCommand] = []
            var startedCaptures: [PlannedCapture] = []
            var stoppedCaptures: [String] = []
        }
        let state = Mutex(State())
    }

    struct FakeCapture: RunningCapture {
        let capture: PlannedCapture
        let respond: @Sendable (PlannedCapture) -> ExecResult
        let journal: Journal

        /// The scripted output is all there from the start: the first step's window holds it.
        func progress() async -> CaptureProgress { CaptureProgress(stdoutBytes: 0, ended: false) }
        func stdoutSoFar() async -> [UInt8] { respond(capture).stdout }

        func stop() async -> ExecResult {
            journal.state.withLock { $0.stoppedCaptures.append(capture.name) }
            return respond(capture)
        }
    }
}
