import Subprocess
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child ended, without Subprocess types leaking into the rest of the module.
enum ChildOutcome: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// Spawning or monitoring failed; the message is Subprocess's own description.
    case failed(String)
}

/// One fully resolved child process: absolute executable, literal argv, complete environment.
/// It is started with swift-subprocess (never Foundation.Process, whose children inherit a blocked
/// signal mask when spawned off the main thread) as the leader of a new session, so its pid is also
/// the id of a process group that holds all its descendants.
struct ChildProcess: Sendable {
    var executablePath: String
    /// The full argv; argv[0] is passed to the child as planned, not replaced by the resolved path.
    var argv: [String]
    var environment: [String: String]
    var workingDirectory: String?
    /// Grace between SIGTERM and SIGKILL when Subprocess tears the child down (task cancellation).
    var killGrace: Double

    /// Runs the child until it exits, streaming both pipes into `collector`. `onStart` gets the pid
    /// (= process group id) before any output is read. Cancelling the calling task tears the group
    /// down (TERM, `killGrace`, KILL) and still returns how the child ended.
    func run(collector: OutputCollector, onStart: (pid_t) -> Void) async -> ChildOutcome {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(Self.milliseconds(killGrace))),
        ]
        var environmentKeys: [Environment.Key: String] = [:]
        for (name, value) in environment {
            guard let key = Environment.Key(rawValue: name) else { continue }
            environmentKeys[key] = value
        }
        let arguments = Arguments(executablePathOverride: argv.first, remainingValues: Array(argv.dropFirst()))
        do {
            let result = try await Subprocess.run(
                .path(.init(executablePath)),
                arguments: arguments,
                environment: .custom(environmentKeys),
                workingDirectory: workingDirectory.map { .init($0) },
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                onStart(execution.processIdentifier.value)
                // Both pipes are drained concurrently: reading one while the child blocks writing the
                // other would deadlock as soon as a pipe buffer (64 KiB) fills.
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await Self.drain(execution.standardOutput, into: collector, as: .stdout) }
                    group.addTask { await Self.drain(execution.standardError, into: collector, as: .stderr) }
                }
            }
            switch result.terminationStatus {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .signaled(signal)
            }
        } catch {
            return .failed(String(describing: error))
        }
    }

    private static func drain(_ stream: SubprocessOutputSequence, into collector: OutputCollector,
                              as kind: OutputStreamKind) async {
        do {
            for try await buffer in stream {
                collector.append(buffer.withUnsafeBytes { Array($0) }, to: kind)
            }
        } catch {
            // A read error ends this stream only; what arrived so far is kept and the exit status
            // still comes from the process monitor.
        }
    }

    /// Seconds → whole milliseconds, clamped so that absurd values cannot overflow `Duration`.
    static func milliseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int64(min(seconds, 1e9) * 1000)
    }
}
