import DSBenchCore
import DSBenchExec
import DSBenchTestSupport
import Foundation
import Testing

/// argv[0] lookup and the messages of commands that cannot start.
struct LocalExecutorResolutionTests {
    @Test func notFoundListsEveryDirectoryLookedIn() async throws {
        let scratch = try makeScratchDirectory("exec-nf")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let executor = LocalExecutor(nodeName: "gpu07", environment: ["PATH": "/usr/local/nothing::/also/nothing:/opt/x"])
        let result = await executor.run(
            TestCommands.command(["all_reduce_perf", "-b", "8"], searchPaths: ["/opt/x", scratch.path]), output: nil)
        #expect(result.termination == .failedToStart(
            "all_reduce_perf not found on node gpu07 (looked in /opt/x, \(scratch.path), /usr/local/nothing, /also/nothing)"))
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }

    @Test func searchPathsComeBeforePathInOrder() async throws {
        let scratch = try makeScratchDirectory("exec-order")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let first = scratch.appendingPathComponent("first"), second = scratch.appendingPathComponent("second"),
            onPath = scratch.appendingPathComponent("onpath")
        for dir in [first, second, onPath] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try TestCommands.writeScript("echo \(dir.lastPathComponent)", named: "tool", in: dir)
        }
        let executor = LocalExecutor(environment: ["PATH": onPath.path + ":/usr/bin:/bin"])
        let fromSearch = await executor.run(TestCommands.command(["tool"], searchPaths: [second.path, first.path]), output: nil)
        #expect(TestCommands.text(fromSearch.stdout) == "second\n")
        let fromPath = await executor.run(TestCommands.command(["tool"]), output: nil)
        #expect(TestCommands.text(fromPath.stdout) == "onpath\n")
    }

    @Test func nonExecutableCandidateIsNamed() async throws {
        let scratch = try makeScratchDirectory("exec-nx")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try TestCommands.writeScript("echo hi", named: "tool", in: scratch, permissions: 0o644)
        let executor = LocalExecutor(environment: ["PATH": "/nowhere"])
        let bySearch = await executor.run(TestCommands.command(["tool"], searchPaths: [scratch.path]), output: nil)
        #expect(bySearch.termination == .failedToStart(
            "tool found on node local but not executable: \(scratch.path)/tool (looked in \(scratch.path), /nowhere)"))
        let byPath = await executor.run(TestCommands.command([scratch.path + "/tool"]), output: nil)
        #expect(byPath.termination == .failedToStart("\(scratch.path)/tool is not executable on node local (permission denied)"))
    }

    @Test func missingExplicitPathAndDirectoryAreReported() async throws {
        let scratch = try makeScratchDirectory("exec-missing")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let executor = LocalExecutor()
        let missing = await executor.run(TestCommands.command([scratch.path + "/absent", "x"]), output: nil)
        #expect(missing.termination == .failedToStart("\(scratch.path)/absent not found on node local"))
        let directory = await executor.run(TestCommands.command([scratch.path]), output: nil)
        #expect(directory.termination == .failedToStart("\(scratch.path) is a directory, not a program, on node local"))
    }

    @Test func missingWorkingDirectoryIsReported() async throws {
        let scratch = try makeScratchDirectory("exec-nowd")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let absent = scratch.appendingPathComponent("gone").path
        let result = await LocalExecutor().run(TestCommands.command(["true"], workingDirectory: absent), output: nil)
        #expect(result.termination == .failedToStart("working directory \(absent) does not exist or is not a directory on node local"))
    }

    @Test func emptyArgvIsReported() async {
        let result = await LocalExecutor().run(TestCommands.command([]), output: nil)
        #expect(result.termination == .failedToStart("empty command (no argv) on node local"))
    }
}
