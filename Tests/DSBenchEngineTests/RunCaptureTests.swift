import DSBenchCore
@testable import DSBenchEngine
import DSBenchParse
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// One dmon per node for the whole run (issue 13: started and stopped around every step it cost
/// 0.87 s a step on an H200 node), its samples given to the steps by where each step started and
/// ended in its output.
@Suite struct RunCaptureTests {
    /// The real 8×H200 capture: 2 header lines, then rounds of 8 GPUs.
    static func realCapture() throws -> (bytes: [UInt8], capture: DmonCapture) {
        let bytes = Array(try Fixtures.h200("f_dmon_pucvmet_during_allreduce.txt").utf8)
        guard case .dmon(let capture) = Parsers.parse(.dmon, bytes) else { throw FixtureError.missing("dmon") }
        return (bytes, capture)
    }

    enum FixtureError: Error { case missing(String) }

    @Test func samplesGoToTheStepWhoseWindowHoldsTheirLineAndTheRestAreIdle() throws {
        let (bytes, capture) = try Self.realCapture()
        let starts = DmonAttribution.lineStartOffsets(bytes)
        // Line 3 is the first sample; lines 11..<19 are the second round, 19..<27 the third.
        let windows = [CaptureWindow(stepID: 7, from: starts[10], to: starts[18]),
                       CaptureWindow(stepID: 9, from: starts[18], to: starts[26])]
        let parts = DmonAttribution.split(capture, bytes: bytes, windows: windows)
        #expect(parts.map(\.stepID) == [nil, 7, 9, nil], "idle before, two steps, idle after")
        #expect(parts.map(\.capture.samples.count) == [8, 8, 8, capture.samples.count - 24])
        #expect(parts[1].capture.samples.map(\.gpu) == Array(0..<8))
        #expect(parts.flatMap(\.capture.samples) == capture.samples, "nothing lost, nothing reordered")
        #expect(parts.allSatisfy { $0.capture.columns == capture.columns })
    }

    @Test func aSampleInTwoWindowsGoesToTheStepThatStartedFirstAndDiagnosticsAreKeptOnce() throws {
        let (bytes, capture) = try Self.realCapture()
        var withDiagnostic = capture
        withDiagnostic.diagnostics = [Diagnostic(.warning, line: 5, "kept once")]
        let starts = DmonAttribution.lineStartOffsets(bytes)
        let windows = [CaptureWindow(stepID: 2, from: starts[6], to: bytes.count),
                       CaptureWindow(stepID: 1, from: 0, to: starts[10])]
        let parts = DmonAttribution.split(withDiagnostic, bytes: bytes, windows: windows)
        #expect(parts.map(\.stepID) == [1, 2])
        #expect(parts[0].capture.samples.count == 8)
        #expect(parts.flatMap(\.capture.diagnostics).count == 1)
        #expect(parts[0].capture.diagnostics.first?.message == "kept once")
    }

    @Test func noWindowsLeaveEverySampleIdle() throws {
        let (bytes, capture) = try Self.realCapture()
        let parts = DmonAttribution.split(capture, bytes: bytes, windows: [])
        #expect(parts.count == 1)
        #expect(parts[0].stepID == nil)
        #expect(parts[0].capture.samples.count == capture.samples.count)
    }

    @Test func windowsSurviveTheirArtifactAndGarbageIsNotWindows() {
        let windows = CaptureWindows(windows: [CaptureWindow(stepID: 3, from: 10, to: 99)])
        #expect(CaptureWindows.decode(windows.encoded()) == windows)
        #expect(String(decoding: windows.encoded(), as: UTF8.self).contains("\"step_id\":3"))
        #expect(CaptureWindows.decode(Array("not json".utf8)) == nil)
    }

    @Test func thePlanAsksForOneCapturePerNodeAndName() {
        let dmon = PlannedCapture(name: "dmon", argv: ["nvidia-smi", "dmon"], parser: .dmon)
        var onB = dmon
        onB.node = "b"
        let steps = [
            PlannedStep(seq: 0, name: "x", kind: .nccl, node: "a", variant: nil, variantEnv: [], repeatIndex: 0,
                        commands: [], captures: [dmon]),
            PlannedStep(seq: 1, name: "y", kind: .nccl, node: "a", variant: nil, variantEnv: [], repeatIndex: 0,
                        commands: [], captures: [dmon, onB]),
            PlannedStep(seq: 2, name: "z", kind: .nccl, node: "b", variant: nil, variantEnv: [], repeatIndex: 0,
                        commands: [], captures: [dmon]),
        ]
        let planned = RunCaptures.planned(steps)
        #expect(planned.map(\.key) == [RunCaptures.Key(node: "a", name: "dmon"), RunCaptures.Key(node: "b", name: "dmon")])
        #expect(planned.map(\.capture.node) == ["a", "b"])
    }

    @Test func oneDmonRunsForTheWholeRunAndReparseSplitsItTheSameWay() async throws {
        let setup = try await EndToEndRunTests.runSuite(EndToEndRunTests.smokeLike)
        defer { try? FileManager.default.removeItem(at: setup.dir) }
        let runID = setup.outcome.runID
        let dmonCalls = try setup.standIns.invocations().filter { $0.program == "nvidia-smi" && $0.args.first == "dmon" }
        #expect(dmonCalls.count == 1, "one dmon for three steps that ask for it, not one each")

        let perStep = """
            SELECT COALESCE(s.step_key, 'idle') || '=' || count(*) FROM dmon_samples d LEFT JOIN steps s ON s.id = d.step_id
            WHERE d.run_id = \(runID) GROUP BY d.step_id ORDER BY min(d.id)
            """
        let before = try setup.store.queryRaw(perStep)
        // The first block is printed before the first step (the run waits for it once); each nccl
        // step asks for one block of 3 rounds × 8 GPUs. The missing broadcast binary asks for none.
        #expect(before == ["idle=24", "all_reduce#0@local=24", "all_reduce#1@local=24"])
        let artifacts = try setup.store.queryRaw(
            "SELECT name FROM artifacts WHERE run_id = \(runID) AND step_id IS NULL ORDER BY name")
        #expect(artifacts == ["dmon.stderr", "dmon.stdout", "dmon.windows.json"])

        _ = try Reparser.reparse(runID: runID, store: setup.store)
        #expect(try setup.store.queryRaw(perStep) == before)
    }
}
