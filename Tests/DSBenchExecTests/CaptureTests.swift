import DSBenchCore
import DSBenchExec
import DSBenchTestSupport
import Foundation
import Testing

/// Background captures (dmon-like loops) started and stopped around a step.
struct CaptureTests {
    /// Prints a numbered line every 0.1 s, like `nvidia-smi dmon -d 1` but faster.
    static func loop(pidFile: URL, ignoreTerm: Bool = false) -> PlannedCapture {
        let trap = ignoreTerm ? "trap '' TERM; " : ""
        return PlannedCapture(
            name: "loop",
            // The pid file appears once line0 is in the pipe, so a test that waited for it has output.
            argv: ["sh", "-c", trap + "i=0; while true; do echo line$i; [ $i -eq 0 ] && echo $$ > \"$1\"; i=$((i+1)); sleep 0.1; done",
                   "sh", pidFile.path],
            parser: nil)
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        TestCommands.text(bytes).split(separator: "\n").map(String.init)
    }

    @Test func stopReturnsLinesPrintedSoFarAndTheGroupIsGone() async throws {
        let scratch = try makeScratchDirectory("capture-stop")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pidFile = scratch.appendingPathComponent("capture.pid")
        let executor = LocalExecutor(killGrace: 0.5)
        let capture = await executor.startCapture(Self.loop(pidFile: pidFile))
        let leader = try await ProcessProbe.waitForPid(in: pidFile)
        #expect(ProcessProbe.isRunning(leader))
        try await Task.sleep(for: .milliseconds(500))
        #expect(!ProcessProbe.runningMembers(ofGroup: leader).isEmpty)

        let clock = ContinuousClock()
        let stopStart = clock.now
        let result = await capture.stop()
        #expect(clock.now - stopStart < .seconds(1))

        #expect(result.termination == .signaled(15))
        let lines = Self.lines(result.stdout)
        #expect(lines.count >= 2)
        #expect(lines == (0..<lines.count).map { "line\($0)" })
        #expect(result.startedAt < result.endedAt)
        #expect(ProcessProbe.runningMembers(ofGroup: leader).isEmpty)
    }

    @Test func stopKillsACaptureThatIgnoresTerm() async throws {
        let scratch = try makeScratchDirectory("capture-kill")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pidFile = scratch.appendingPathComponent("capture.pid")
        let capture = await LocalExecutor(killGrace: 0.3).startCapture(Self.loop(pidFile: pidFile, ignoreTerm: true))
        let leader = try await ProcessProbe.waitForPid(in: pidFile)
        try await Task.sleep(for: .milliseconds(200))

        let clock = ContinuousClock()
        let stopStart = clock.now
        let result = await capture.stop()
        let stopDuration = clock.now - stopStart

        #expect(result.termination == .signaled(9))
        #expect(stopDuration >= .milliseconds(300))
        #expect(stopDuration < .seconds(2))
        #expect(Self.lines(result.stdout).first == "line0")
        #expect(ProcessProbe.runningMembers(ofGroup: leader).isEmpty)
    }

    @Test func captureThatEndedByItselfKeepsItsOutputAndStatus() async throws {
        let scratch = try makeScratchDirectory("capture-ended")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pidFile = scratch.appendingPathComponent("capture.pid")
        let capture = await LocalExecutor().startCapture(
            PlannedCapture(name: "short", argv: ["sh", "-c", "echo $$ > \"$1\"; echo done; echo note >&2; exit 3",
                                                 "sh", pidFile.path], parser: nil))
        // stop() only after the capture has ended by itself, however slow the machine is.
        let pid = try await ProcessProbe.waitForPid(in: pidFile)
        try #require(try await ProcessProbe.waitUntil { !ProcessProbe.isRunning(pid) }, "the capture never exited")
        let result = await capture.stop()
        #expect(result.termination == .exited(3))
        #expect(TestCommands.text(result.stdout) == "done\n")
        #expect(TestCommands.text(result.stderr) == "note\n")
    }

    @Test func captureWhoseProgramIsMissingReportsFailedToStart() async {
        let executor = LocalExecutor(nodeName: "gpu01", environment: ["PATH": "/nowhere/bin"])
        let capture = await executor.startCapture(
            PlannedCapture(name: "dmon", argv: ["nvidia-smi", "dmon"], parser: .dmon))
        let result = await capture.stop()
        #expect(result.termination == .failedToStart("nvidia-smi not found on node gpu01 (looked in /nowhere/bin)"))
    }

    @Test func captureEnvironmentIsApplied() async throws {
        let scratch = try makeScratchDirectory("capture-env")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let printed = scratch.appendingPathComponent("printed")
        let capture = await LocalExecutor(environment: ["PATH": "/usr/bin:/bin"], killGrace: 0.5).startCapture(
            PlannedCapture(name: "env", argv: ["sh", "-c", "printenv CAPTURE_VAR; : > \"$1\"; exec sleep 1000",
                                               "sh", printed.path],
                           env: [EnvVar("CAPTURE_VAR", "v 1; rm -rf /")], parser: nil))
        // stop() only after printenv has run: the marker is written right after it.
        try #require(try await ProcessProbe.waitUntil { FileManager.default.fileExists(atPath: printed.path) },
                     "the capture never got past printenv")
        let result = await capture.stop()
        #expect(result.termination == .signaled(15))
        #expect(TestCommands.text(result.stdout) == "v 1; rm -rf /\n")
    }
}
