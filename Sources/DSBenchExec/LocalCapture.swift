import DSBenchCore
import Foundation

/// A background capture running as its own process group; output is kept in memory until `stop()`.
final class LocalCapture: RunningCapture {
    private let tracker: ChildTracker
    private let task: Task<ExecResult, Never>
    private let killGrace: Double
    private let collector: OutputCollector

    private init(tracker: ChildTracker, task: Task<ExecResult, Never>, killGrace: Double, collector: OutputCollector) {
        self.tracker = tracker
        self.task = task
        self.killGrace = killGrace
        self.collector = collector
    }

    /// Starts the child and returns once it is running (or has failed to start), so the step that
    /// follows is observed from its first moment.
    static func start(_ child: ChildProcess, killGrace: Double) async -> LocalCapture {
        let tracker = ChildTracker()
        let collector = OutputCollector(handler: nil)
        let startedAt = Date()
        // An unstructured task: the capture must outlive the call that started it, and cancelling
        // the starter must not stop the capture (only `stop()` does).
        let task = Task<ExecResult, Never> {
            let outcome = await child.run(collector: collector, onStart: tracker.started)
            tracker.ended()
            if let killer = tracker.killer, killer.isAlive {
                await killer.terminateUncancellably(grace: killGrace)
            }
            tracker.groupGone()
            return ExecResult(stdout: collector.stdout, stderr: collector.stderr,
                              termination: LocalExecutor.termination(of: outcome),
                              startedAt: startedAt, endedAt: Date())
        }
        await tracker.waitUntilStartedOrEnded()
        return LocalCapture(tracker: tracker, task: task, killGrace: killGrace, collector: collector)
    }

    func progress() async -> CaptureProgress {
        CaptureProgress(stdoutBytes: collector.stdoutCount, ended: tracker.hasEnded)
    }

    func stdoutSoFar() async -> [UInt8] { collector.stdout }

    func stop() async -> ExecResult {
        if let killer = tracker.killer {
            await killer.terminateUncancellably(grace: killGrace)
        }
        return await task.value
    }
}

/// The capture that never ran; `stop()` reports why.
struct FailedCapture: RunningCapture {
    let result: ExecResult
    func progress() async -> CaptureProgress { CaptureProgress(stdoutBytes: 0, ended: true) }
    func stdoutSoFar() async -> [UInt8] { [] }
    func stop() async -> ExecResult { result }
}
