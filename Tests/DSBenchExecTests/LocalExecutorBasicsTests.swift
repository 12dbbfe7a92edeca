import DSBenchCore
import DSBenchExec
import DSBenchTestSupport
import Foundation
import Testing

/// Exit statuses, signals, argv and env passing, working directory: real processes.
struct LocalExecutorBasicsTests {
    let executor = LocalExecutor(environment: ["PATH": "/usr/bin:/bin", "BASE": "base"], killGrace: 0.5)

    @Test func exitCodesAreReported() async {
        let ok = await executor.run(TestCommands.command(["true"]), output: nil)
        #expect(ok.termination == .exited(0))
        #expect(ok.startedAt <= ok.endedAt)
        let failing = await executor.run(TestCommands.command(["sh", "-c", "exit 42"]), output: nil)
        #expect(failing.termination == .exited(42))
    }

    @Test func signalIsDistinguishedFromExit() async {
        let killed = await executor.run(TestCommands.command(["sh", "-c", "kill -9 $$"]), output: nil)
        #expect(killed.termination == .signaled(9))
        let terminated = await executor.run(TestCommands.command(["sh", "-c", "kill -TERM $$"]), output: nil)
        #expect(terminated.termination == .signaled(15))
    }

    @Test func stdoutAndStderrAreSeparate() async {
        let result = await executor.run(
            TestCommands.command(["sh", "-c", "echo out; echo err >&2; echo out2; exit 3"]), output: nil)
        #expect(TestCommands.text(result.stdout) == "out\nout2\n")
        #expect(TestCommands.text(result.stderr) == "err\n")
        #expect(result.termination == .exited(3))
    }

    @Test func outputIsBinarySafe() async {
        let result = await executor.run(TestCommands.command(["printf", "a\\000\\377\\001\\n"]), output: nil)
        #expect(result.stdout == [0x61, 0x00, 0xFF, 0x01, 0x0A])
    }

    static let tricky = "a b \"double\" 'single' $HOME `id`; rm -rf / * \\ end"

    @Test func argumentsArriveLiterallyOneEach() async {
        let args = [LocalExecutorBasicsTests.tricky, "", "two words", "; rm -rf /", "*", "$PATH"]
        let result = await executor.run(TestCommands.command(["printf", "<%s>\\n"] + args), output: nil)
        #expect(TestCommands.text(result.stdout) == args.map { "<\($0)>\n" }.joined())
    }

    @Test func argvZeroIsPassedAsPlannedNotAsResolvedPath() async {
        // /proc/$$/cmdline is the argv the kernel got; NUL-separated.
        let result = await executor.run(
            TestCommands.command(["sh", "-c", "tr '\\0' '\\n' < /proc/$$/cmdline", "name0"]), output: nil)
        #expect(TestCommands.text(result.stdout) == "sh\n-c\ntr '\\0' '\\n' < /proc/$$/cmdline\nname0\n")
    }

    @Test func environmentValuesArriveLiterally() async {
        let result = await executor.run(
            TestCommands.command(["printenv", "TRICKY"], env: [EnvVar("TRICKY", LocalExecutorBasicsTests.tricky)]),
            output: nil)
        #expect(TestCommands.text(result.stdout) == LocalExecutorBasicsTests.tricky + "\n")
        #expect(result.termination == .exited(0))
    }

    @Test func childGetsExecutorEnvironmentPlusCommandEnvLaterWins() async {
        let command = TestCommands.command(["env"], env: [
            EnvVar("BASE", "first"), EnvVar("EXTRA", "x y"), EnvVar("BASE", "second"),
        ])
        let result = await executor.run(command, output: nil)
        let lines = Set(TestCommands.text(result.stdout).split(separator: "\n").map(String.init))
        // Exactly the executor's environment (not the test process's) with the overrides applied.
        #expect(lines == ["PATH=/usr/bin:/bin", "BASE=second", "EXTRA=x y"])
    }

    @Test func workingDirectoryIsUsed() async throws {
        let scratch = try makeScratchDirectory("exec-wd")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = await executor.run(TestCommands.command(["pwd", "-P"], workingDirectory: scratch.path), output: nil)
        #expect(TestCommands.text(result.stdout) == scratch.resolvingSymlinksInPath().path + "\n")
    }

    @Test func relativeProgramPathIsTakenAgainstWorkingDirectory() async throws {
        let scratch = try makeScratchDirectory("exec-rel")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try TestCommands.writeScript("echo tool ran with \"$1\"", named: "tool.sh", in: scratch)
        let result = await executor.run(
            TestCommands.command(["./tool.sh", "x y"], workingDirectory: scratch.path), output: nil)
        #expect(TestCommands.text(result.stdout) == "tool ran with x y\n")
        #expect(result.termination == .exited(0))
    }

    @Test func stdinIsEmpty() async {
        // `cat` with no input must see EOF at once instead of waiting on dsbench's terminal.
        let result = await executor.run(TestCommands.command(["cat"], timeout: 5), output: nil)
        #expect(result.termination == .exited(0))
        #expect(result.stdout.isEmpty)
    }
}
