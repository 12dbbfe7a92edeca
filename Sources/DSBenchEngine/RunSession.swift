import DSBenchExec
import DSBenchSSH
import DSBenchStore
import Foundation

/// A run as a command starts it: the run lock, the process token in every local process's
/// environment, the nodes' executors, and the runner's task, which an interruption cancels. What
/// the user sees of it (progress lines, the interruption notice) is the caller's: `progress` and
/// `interrupts` are how it hears of the run and stops it.
public struct RunSession: Sendable {
    /// Arms the caller's source of interruptions (SIGINT and SIGTERM, say) to call `stop`, once
    /// the run's task exists; what it returns disarms the source when the run ends.
    public typealias InterruptSource = (_ stop: @escaping @Sendable () -> Void) -> (() -> Void)

    /// Why a run session ended without an outcome.
    public enum Failure: Error, Sendable {
        /// The run lock was not taken: nothing was run.
        case lockRefused(RunLock.Refusal)
        /// The store refused a write; `runID` when the run was created (and is marked failed).
        case notRecorded(runID: Int64?, message: String)
    }

    public var store: Store
    public var version: String
    public var ssh: SSHSettings
    public var nodeSSH: [String: SSHSettings]
    public var parallel: Int
    /// The caller (`check`) already holds the run lock, for longer than the run.
    public var holdingLock: Bool

    public init(store: Store, version: String, ssh: SSHSettings = .init(), nodeSSH: [String: SSHSettings] = [:],
                parallel: Int = SSHCluster.defaultParallel, holdingLock: Bool = false) {
        self.store = store; self.version = version; self.ssh = ssh; self.nodeSSH = nodeSSH
        self.parallel = parallel; self.holdingLock = holdingLock
    }

    public func execute(_ request: RunRequest, progress: @escaping @Sendable (RunProgress) -> Void,
                        interrupts: InterruptSource) async throws(Failure) -> RunOutcome {
        let lock: RunLock?
        do {
            lock = holdingLock ? nil : try RunLock.acquire(database: store.path)
        } catch {
            throw .lockRefused(error)
        }
        defer { lock?.release() }
        // Every local process of the run carries the token: if dsbench dies with its watchdog, the
        // next command finds what is left by it (LeftoverProcesses).
        var request = request
        let token = LeftoverProcesses.newToken()
        request.processToken = token
        let executors = NodeExecutors(
            ssh: ssh, nodeSSH: nodeSSH, parallel: parallel,
            localEnvironment: ProcessInfo.processInfo.environment.merging([LeftoverProcesses.variable: token]) { $1 })
        defer { executors.shutdown() }
        let runner = Runner(store: store, version: version, executorFor: { executors.executor(for: $0) },
                            progress: progress)
        let task = Task { [request] in try await runner.run(request) }
        let disarm = interrupts { task.cancel() }
        defer { disarm() }
        do {
            return try await task.value
        } catch let refused as RunRecordingError {
            throw .notRecorded(runID: refused.runID, message: refused.description)
        } catch {
            throw .notRecorded(runID: nil, message: "run could not be recorded: \(error)")
        }
    }
}
