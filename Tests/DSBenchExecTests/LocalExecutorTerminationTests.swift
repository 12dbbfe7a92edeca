import DSBenchCore
import DSBenchExec
import DSBenchTestSupport
import Foundation
import Synchronization
import Testing

/// Timeouts, cancellation, streaming and large outputs, with real process groups.
struct LocalExecutorTerminationTests {
    @Test func timeoutKillsTheWholeGroupAndKeepsEarlierOutput() async throws {
        let scratch = try makeScratchDirectory("exec-timeout")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pidFile = scratch.appendingPathComponent("grandchild.pid")
        let executor = LocalExecutor(killGrace: 0.5)
        // 2 s: the shell must have printed and written the pid before the timeout fires, even on a
        // loaded machine where starting `sh` alone can take most of a second.
        let command = TestCommands.command(
            ["sh", "-c", "echo before; echo err-before >&2; sleep 1000 & echo $! > \"$1\"; sleep 1000", "sh", pidFile.path],
            timeout: 2)
        let clock = ContinuousClock()
        let start = clock.now
        let result = await executor.run(command, output: nil)
        let elapsed = clock.now - start

        #expect(result.termination == .timedOut(seconds: 2))
        #expect(TestCommands.text(result.stdout) == "before\n")
        #expect(TestCommands.text(result.stderr) == "err-before\n")
        #expect(elapsed >= .seconds(2))
        #expect(elapsed < .seconds(5))
        let grandchild = try await ProcessProbe.waitForPid(in: pidFile)
        #expect(!ProcessProbe.isRunning(grandchild))
        #expect(ProcessProbe.runningMembers(ofGroup: grandchild).isEmpty)
    }

    @Test func timeoutEscalatesToKillWhenTermIsIgnored() async throws {
        let scratch = try makeScratchDirectory("exec-ignore")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pidFile = scratch.appendingPathComponent("leader.pid")
        let executor = LocalExecutor(killGrace: 0.4)
        // 1.5 s: the shell must have run `trap` before the timeout's TERM, even on a loaded machine.
        let command = TestCommands.command(
            ["sh", "-c", "trap '' TERM; echo $$ > \"$1\"; sleep 1000", "sh", pidFile.path], timeout: 1.5)
        let clock = ContinuousClock()
        let start = clock.now
        let result = await executor.run(command, output: nil)
        let elapsed = clock.now - start

        #expect(result.termination == .timedOut(seconds: 1.5))
        // TERM was ignored by the shell and by its sleep, so only the KILL after the grace ended them.
        #expect(elapsed >= .milliseconds(1900))
        #expect(elapsed < .milliseconds(4900))
        let leader = try await ProcessProbe.waitForPid(in: pidFile)
        #expect(ProcessProbe.runningMembers(ofGroup: leader).isEmpty)
    }

    @Test func cancellationStopsTheGroupPromptly() async throws {
        let scratch = try makeScratchDirectory("exec-cancel")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let leaderFile = scratch.appendingPathComponent("leader.pid")
        let grandchildFile = scratch.appendingPathComponent("grandchild.pid")
        let executor = LocalExecutor(killGrace: 0.5)
        let command = TestCommands.command(
            ["sh", "-c", "sleep 1000 & echo $! > \"$2\"; echo $$ > \"$1\"; echo started; wait",
             "sh", leaderFile.path, grandchildFile.path],
            timeout: 60)
        let task = Task { await executor.run(command, output: nil) }
        let leader = try await ProcessProbe.waitForPid(in: leaderFile)
        let grandchild = try await ProcessProbe.waitForPid(in: grandchildFile)
        #expect(ProcessProbe.isRunning(grandchild))
        #expect(ProcessProbe.runningMembers(ofGroup: leader).count >= 2)   // sh and its sleep

        let clock = ContinuousClock()
        let cancelledAt = clock.now
        task.cancel()
        let result = await task.value
        let stopDuration = clock.now - cancelledAt

        #expect(result.termination == .cancelled)
        #expect(TestCommands.text(result.stdout) == "started\n")
        #expect(stopDuration < .milliseconds(1500))   // < 1 s + grace
        #expect(!ProcessProbe.isRunning(grandchild))
        #expect(ProcessProbe.runningMembers(ofGroup: leader).isEmpty)
    }

    @Test func cancellationEscalatesToKillWhenTermIsIgnored() async throws {
        let scratch = try makeScratchDirectory("exec-cancel-kill")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let leaderFile = scratch.appendingPathComponent("leader.pid")
        let executor = LocalExecutor(killGrace: 0.3)
        let command = TestCommands.command(
            ["sh", "-c", "trap '' TERM; echo $$ > \"$1\"; sleep 1000", "sh", leaderFile.path], timeout: 60)
        let task = Task { await executor.run(command, output: nil) }
        let leader = try await ProcessProbe.waitForPid(in: leaderFile)

        let clock = ContinuousClock()
        let cancelledAt = clock.now
        task.cancel()
        let result = await task.value
        let stopDuration = clock.now - cancelledAt

        #expect(result.termination == .cancelled)
        #expect(stopDuration >= .milliseconds(300))
        #expect(stopDuration < .milliseconds(1300))   // < 1 s + grace
        #expect(ProcessProbe.runningMembers(ofGroup: leader).isEmpty)
    }

    @Test func alreadyCancelledTaskStartsNothing() async throws {
        let scratch = try makeScratchDirectory("exec-precancel")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let marker = scratch.appendingPathComponent("ran")
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await LocalExecutor().run(TestCommands.command(["touch", marker.path]), output: nil)
        }
        let result = await task.value
        #expect(result.termination == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func leftoverBackgroundJobsAreStoppedAfterTheLeaderExits() async throws {
        let scratch = try makeScratchDirectory("exec-leftover")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pidFile = scratch.appendingPathComponent("bg.pid")
        // The background sleep keeps no pipe open, so the leader's exit ends the command at once.
        let command = TestCommands.command(
            ["sh", "-c", "sleep 1000 >/dev/null 2>&1 & echo $! > \"$1\"; exit 7", "sh", pidFile.path])
        let result = await LocalExecutor(killGrace: 0.5).run(command, output: nil)
        #expect(result.termination == .exited(7))
        let background = try await ProcessProbe.waitForPid(in: pidFile)
        #expect(!ProcessProbe.isRunning(background))
    }

    @Test func outputIsStreamedBeforeTheCommandEnds() async throws {
        let scratch = try makeScratchDirectory("exec-stream")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let script = try TestCommands.writeScript(
            "printf 'first\\n'; printf 'warn\\n' >&2; sleep 1.5; printf 'second\\n'", named: "slow.sh", in: scratch)
        let clock = ContinuousClock()
        let chunks = Mutex<[(ContinuousClock.Instant, OutputStreamKind, String)]>([])
        let result = await LocalExecutor().run(TestCommands.command([script.path])) { kind, bytes in
            let now = clock.now
            chunks.withLock { $0.append((now, kind, TestCommands.text(bytes))) }
        }
        let finished = clock.now
        let received = chunks.withLock { $0 }

        #expect(TestCommands.text(result.stdout) == "first\nsecond\n")
        #expect(TestCommands.text(result.stderr) == "warn\n")
        let firstOut = try #require(received.first { $0.1 == .stdout })
        #expect(firstOut.2 == "first\n")
        // Handed over while the script still had 1.5 s to sleep: 0.5 s of slack for a loaded machine.
        #expect(finished - firstOut.0 >= .seconds(1))
        let firstErr = try #require(received.first { $0.1 == .stderr })
        #expect(finished - firstErr.0 >= .seconds(1))
        // The chunks handed to the handler are exactly the bytes returned.
        #expect(received.filter { $0.1 == .stdout }.map(\.2).joined() == "first\nsecond\n")
    }

    @Test func largeOutputOnBothStreamsDoesNotDeadlock() async {
        // 8 MB of stderr written before 3 MB of stdout: a reader that drained only stdout would hang.
        let command = TestCommands.command(
            ["sh", "-c", "head -c 8000000 /dev/zero | tr '\\0' e >&2; head -c 3000000 /dev/zero | tr '\\0' o; exit 5"],
            timeout: 60)
        let streamed = Mutex<(stdout: Int, stderr: Int)>((0, 0))
        let result = await LocalExecutor().run(command) { kind, bytes in
            streamed.withLock { counts in
                if kind == .stdout { counts.stdout += bytes.count } else { counts.stderr += bytes.count }
            }
        }
        #expect(result.termination == .exited(5))
        #expect(result.stderr.count == 8_000_000)
        #expect(result.stdout.count == 3_000_000)
        #expect(result.stderr.allSatisfy { $0 == UInt8(ascii: "e") })
        #expect(result.stdout.allSatisfy { $0 == UInt8(ascii: "o") })
        #expect(streamed.withLock { $0 } == (3_000_000, 8_000_000))
    }
}
