import DSBenchCore
import DSBenchEngine
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Synchronization
import Testing

/// The run session's seams: the caller hears of progress and interrupts the run through what it
/// passes in, and a held run lock refuses the session before anything is recorded.
@Suite struct RunSessionTests {
    static func request(_ argv: [String]) -> RunRequest {
        let step = PlannedStep(seq: 0, name: "wait", kind: .command, node: "local", commands: [
            PlannedCommand(label: "main", argv: argv, timeoutSeconds: 60),
        ])
        return RunRequest(suiteName: "session", suiteText: "", suiteHash: "-",
                          plan: Plan(suiteName: "session", nodes: ["local"], steps: [step]))
    }

    @Test func theCallersInterruptStopsTheRunAndIsDisarmedAfter() async throws {
        let dir = try makeScratchDirectory("dsbench-session")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let stop = Mutex<(@Sendable () -> Void)?>(nil)
        let disarmed = Mutex(0)
        let outcome = try await RunSession(store: store, version: "test").execute(
            Self.request(["sleep", "30"]),
            progress: { event in
                // Ctrl-C as soon as the step is running.
                if case .stepStarted = event, let cancel = stop.withLock({ $0 }) { cancel() }
            },
            interrupts: { cancel in
                stop.withLock { $0 = cancel }
                return { disarmed.withLock { $0 += 1 } }
            })
        #expect(outcome.status == .interrupted)
        #expect(outcome.judgement == nil, "an interrupted run is not judged")
        #expect(disarmed.withLock { $0 } == 1)
    }

    @Test func aHeldLockRefusesTheSessionBeforeAnythingIsRecorded() async throws {
        let dir = try makeScratchDirectory("dsbench-session-lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let held = try RunLock.acquire(database: store.path)
        defer { held.release() }
        do {
            _ = try await RunSession(store: store, version: "test").execute(
                Self.request(["true"]), progress: { _ in }, interrupts: { _ in {} })
            Issue.record("the session ran while the lock was held")
        } catch {
            guard case .lockRefused(let refusal) = error else { Issue.record("\(error)"); return }
            #expect(refusal.reason == .held)
            #expect(refusal.description.contains("another dsbench run (pid \(getpid()))"), "\(refusal)")
        }
        #expect(try store.runs(limit: 10).isEmpty)
    }
}
