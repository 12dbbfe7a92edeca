import DSBenchCore
import Foundation
import Logging

/// Runs commands as child processes of dsbench on this machine.
///
/// Every child is the leader of a new session, so its process group holds everything it starts.
/// A timeout or a cancellation sends SIGTERM to that group and SIGKILL `killGrace` seconds later;
/// whatever is still left in the group after the leader has exited gets the same treatment, so a
/// step never leaves stray processes (e.g. GPU jobs) behind.
public struct LocalExecutor: Executor {
    public let nodeName: String
    /// The base environment of every child; `PlannedCommand.env` is applied on top.
    public let environment: [String: String]
    /// Seconds between SIGTERM and SIGKILL.
    public let killGrace: Double
    private let logger: Logger

    public init(nodeName: String = "local",
                environment: [String: String] = ProcessInfo.processInfo.environment,
                killGrace: Double = 2,
                logger: Logger = Logger(label: "dsbench.exec")) {
        self.nodeName = nodeName
        self.environment = environment
        self.killGrace = killGrace.isFinite ? max(0, killGrace) : 2
        self.logger = logger
    }

    /// A `timeoutSeconds` that is zero, negative or not finite means "no timeout".
    public func run(_ command: PlannedCommand, output: OutputHandler?) async -> ExecResult {
        let startedAt = Date()
        if Task.isCancelled {
            return ExecResult(stdout: [], stderr: [], termination: .cancelled, startedAt: startedAt, endedAt: Date())
        }
        let child: ChildProcess
        switch prepare(argv: command.argv, env: command.env, workingDirectory: command.workingDirectory,
                       searchPaths: command.searchPaths) {
        case .failure(let failure):
            logger.debug("not started", metadata: ["label": "\(command.label)", "reason": "\(failure.message)"])
            return ExecResult(stdout: [], stderr: [], termination: .failedToStart(failure.message),
                              startedAt: startedAt, endedAt: Date())
        case .success(let prepared):
            child = prepared
        }

        let collector = OutputCollector(handler: output)
        let tracker = ChildTracker()
        let timeout = command.timeoutSeconds
        let grace = killGrace
        logger.debug("starting", metadata: ["label": "\(command.label)", "executable": "\(child.executablePath)"])

        let outcome = await withTaskGroup(of: ChildOutcome?.self) { group in
            group.addTask {
                let outcome = await child.run(collector: collector, onStart: tracker.started)
                tracker.ended()
                return outcome
            }
            if timeout.isFinite, timeout > 0 {
                group.addTask {
                    do { try await Task.sleep(for: .milliseconds(ChildProcess.milliseconds(timeout))) } catch { return nil }
                    await tracker.waitUntilStartedOrEnded()
                    guard let killer = tracker.killer, killer.isAlive else { return nil }
                    tracker.markTimedOut()
                    await killer.terminateUncancellably(grace: grace)
                    return nil
                }
            }
            var outcome: ChildOutcome = .failed("process ended without a status")
            for await event in group {
                if let event {
                    outcome = event
                    group.cancelAll()   // stops a timer that has not fired yet
                }
            }
            return outcome
        }
        await killLeftovers(tracker)
        tracker.groupGone()

        let termination: Termination
        if tracker.timedOut {
            termination = .timedOut(seconds: timeout)
        } else if Task.isCancelled {
            termination = .cancelled
        } else {
            termination = Self.termination(of: outcome)
        }
        logger.debug("ended", metadata: ["label": "\(command.label)", "termination": "\(termination)"])
        return ExecResult(stdout: collector.stdout, stderr: collector.stderr, termination: termination,
                          startedAt: startedAt, endedAt: Date())
    }

    public func startCapture(_ capture: PlannedCapture) async -> any RunningCapture {
        let startedAt = Date()
        switch prepare(argv: capture.argv, env: capture.env, workingDirectory: nil, searchPaths: []) {
        case .failure(let failure):
            logger.debug("capture not started", metadata: ["capture": "\(capture.name)", "reason": "\(failure.message)"])
            return FailedCapture(result: ExecResult(stdout: [], stderr: [], termination: .failedToStart(failure.message),
                                                    startedAt: startedAt, endedAt: Date()))
        case .success(let child):
            logger.debug("starting capture", metadata: ["capture": "\(capture.name)", "executable": "\(child.executablePath)"])
            return await LocalCapture.start(child, killGrace: killGrace)
        }
    }

    /// Resolves argv[0] and builds the child's environment; every reason not to start is a message.
    func prepare(argv: [String], env: [EnvVar], workingDirectory: String?,
                 searchPaths: [String]) -> Result<ChildProcess, ResolutionFailure> {
        guard let program = argv.first else {
            return .failure(ResolutionFailure(message: "empty command (no argv) on node \(nodeName)"))
        }
        let resolver = ExecutableResolver(nodeName: nodeName)
        var directory: String?
        if let workingDirectory {
            let absolute = resolver.absolute(workingDirectory)
            guard ExecutableResolver.inspect(absolute) == .directory else {
                return .failure(ResolutionFailure(message:
                    "working directory \(absolute) does not exist or is not a directory on node \(nodeName)"))
            }
            directory = absolute
        }
        let merged = Self.mergedEnvironment(base: environment, overrides: env)
        switch resolver.resolve(program, workingDirectory: directory, searchPaths: searchPaths,
                                pathVariable: environment["PATH"]) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let path):
            return .success(ChildProcess(executablePath: path, argv: argv, environment: merged,
                                         workingDirectory: directory, killGrace: killGrace))
        }
    }

    /// The executor's environment with the command's variables applied in order (later wins).
    static func mergedEnvironment(base: [String: String], overrides: [EnvVar]) -> [String: String] {
        var merged = base
        for variable in overrides { merged[variable.name] = variable.value }
        return merged
    }

    static func termination(of outcome: ChildOutcome) -> Termination {
        switch outcome {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .signaled(signal)
        case .failed(let message): return .failedToStart(message)
        }
    }

    /// Members of the child's group that outlived it (background jobs of a shell, daemons that did
    /// not start their own session) are stopped too, so nothing keeps running after the step.
    private func killLeftovers(_ tracker: ChildTracker) async {
        guard let killer = tracker.killer, killer.isAlive else { return }
        await killer.terminateUncancellably(grace: killGrace)
    }
}
