import DSBenchCore
import DSBenchExec
import Foundation
import Synchronization
import Testing

/// The scripted executor used by engine tests.
struct FakeExecutorTests {
    @Test func answersFromTheClosureAndFeedsTheOutputHandler() async {
        let fake = FakeExecutor(nodeName: "gpu03") { command in
            command.argv.first == "fail"
                ? FakeExecutor.result(stderr: "boom\n", termination: .exited(2))
                : FakeExecutor.result(stdout: "ok \(command.label)\n")
        }
        let seen = Mutex<[String]>([])
        let ok = await fake.run(TestCommands.command(["tool"])) { kind, bytes in
            seen.withLock { $0.append("\(kind):\(TestCommands.text(bytes))") }
        }
        let failed = await fake.run(PlannedCommand(label: "f", argv: ["fail"], timeoutSeconds: 1), output: nil)

        #expect(fake.nodeName == "gpu03")
        #expect(TestCommands.text(ok.stdout) == "ok test\n")
        #expect(ok.termination == .exited(0))
        #expect(failed.termination == .exited(2))
        #expect(TestCommands.text(failed.stderr) == "boom\n")
        #expect(seen.withLock { $0 } == ["stdout:ok test\n"])
        #expect(fake.commands.map(\.argv) == [["tool"], ["fail"]])
    }

    @Test func recordsConcurrentCallsWithoutLosingAny() async {
        let fake = FakeExecutor { _ in FakeExecutor.result() }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    _ = await fake.run(PlannedCommand(label: "c\(index)", argv: ["x"], timeoutSeconds: 1), output: nil)
                }
            }
        }
        #expect(fake.commands.count == 200)
        #expect(Set(fake.commands.map(\.label)) == Set((0..<200).map { "c\($0)" }))
    }

    @Test func capturesAreRecordedAndAnsweredOnStop() async {
        let fake = FakeExecutor(respond: { _ in FakeExecutor.result() },
                                capture: { capture in FakeExecutor.result(stdout: "# gpu sm\n 0 99\n", termination: .signaled(15)) })
        let dmon = PlannedCapture(name: "dmon", argv: ["nvidia-smi", "dmon"], parser: .dmon)
        let running = await fake.startCapture(dmon)
        #expect(fake.startedCaptures == [dmon])
        #expect(fake.stoppedCaptures.isEmpty)
        let result = await running.stop()
        #expect(fake.stoppedCaptures == ["dmon"])
        #expect(TestCommands.text(result.stdout) == "# gpu sm\n 0 99\n")
        #expect(result.termination == .signaled(15))
    }
}
