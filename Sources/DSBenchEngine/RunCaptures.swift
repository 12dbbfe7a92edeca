import DSBenchCore
import DSBenchExec
import DSBenchParse
import DSBenchStore
import Foundation

/// The run's background captures: one per node and capture (dmon), started before the first
/// step and stopped after the last, so their cost is paid once per run, not once per step.
/// Steps mark where they start and end in each capture's stdout (`mark`); the run stores each
/// capture once, with those windows, and its samples go to the steps that ran beside them.
struct RunCaptures: Sendable {
    struct Key: Hashable, Sendable, Comparable {
        var node: String
        var name: String
        static func < (a: Key, b: Key) -> Bool { (a.node, a.name) < (b.node, b.name) }
    }

    struct Running: Sendable {
        var capture: PlannedCapture
        var handle: any RunningCapture
    }

    /// Where a step's window of a capture goes once the step is done.
    struct StepWindow: Sendable {
        var key: Key
        var window: CaptureWindow
    }

    /// How long the run waits for each capture's first sample before its first step: dmon needs
    /// NVML to start (measured in docs/performance.md); a capture that never prints costs this once.
    static let firstSampleWait: Duration = .seconds(5)

    let running: [Key: Running]

    /// Every capture the plan's steps ask for, once per node and name, in plan order.
    static func planned(_ steps: [PlannedStep]) -> [(key: Key, capture: PlannedCapture)] {
        var seen: Set<Key> = []
        var out: [(key: Key, capture: PlannedCapture)] = []
        for step in steps {
            for capture in step.captures {
                let key = Key(node: capture.node ?? step.node, name: capture.name)
                guard seen.insert(key).inserted else { continue }
                var onNode = capture
                onNode.node = key.node
                out.append((key, onNode))
            }
        }
        return out
    }

    static func start(_ steps: [PlannedStep], executorFor: @Sendable (String) -> any Executor,
                      environment: [String: String]) async -> RunCaptures {
        var running: [Key: Running] = [:]
        for (key, capture) in planned(steps) {
            var started = capture
            started.env = capture.env.map { $0.resolved(in: environment) }
            running[key] = Running(capture: capture, handle: await executorFor(key.node).startCapture(started))
        }
        await withTaskGroup(of: Void.self) { group in
            for item in running.values { group.addTask { await waitForFirstSample(item.handle) } }
        }
        return RunCaptures(running: running)
    }

    /// Until the capture has printed a line that is not a `#` header, has ended, or the wait is over.
    static func waitForFirstSample(_ handle: any RunningCapture) async {
        let deadline = ContinuousClock.now + firstSampleWait
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if await handle.progress().ended { return }
            let output = await handle.stdoutSoFar()
            if hasDataLine(output) { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    static func hasDataLine(_ bytes: [UInt8]) -> Bool {
        var lineStart = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            let line = bytes[lineStart..<offset].drop { $0 == UInt8(ascii: " ") }
            if let first = line.first, first != UInt8(ascii: "#") { return true }
            lineStart = offset + 1
        }
        return false
    }

    /// The capture's stdout length now; nil when the step asks for a capture the run has not.
    func mark(_ key: Key) async -> Int? {
        guard let item = running[key] else { return nil }
        return await item.handle.progress().stdoutBytes
    }

    /// Stops every capture, stores each (stdout, stderr, windows; no step) and its samples split
    /// among the steps' windows. The raw output is stored before it is parsed.
    func finish(store: Store, runID: Int64, windows: [StepWindow], limits: ParseLimits) async throws {
        var stopped: [(Key, Running, ExecResult)] = []
        for key in running.keys.sorted() {
            let item = running[key]!
            stopped.append((key, item, await item.handle.stop()))
        }
        for (key, item, result) in stopped {
            let owned = CaptureWindows(windows: windows.filter { $0.key == key }.map(\.window))
            let artifacts = [
                ArtifactInput(name: "\(key.name).stdout", parser: item.capture.parser, bytes: result.stdout),
                ArtifactInput(name: "\(key.name).stderr", parser: nil, bytes: result.stderr),
                ArtifactInput(name: CaptureWindows.artifactName(capture: key.name), parser: nil, bytes: owned.encoded()),
            ]
            let ids = try store.storeArtifacts(runID: runID, stepID: nil, node: key.node, artifacts)
            guard let parser = item.capture.parser, !result.stdout.isEmpty else { continue }
            let parts = Self.records(parser: parser, bytes: result.stdout, windows: owned, limits: limits)
            try store.appendParsedRecords(runID: runID, parsed: parts.map {
                (stepID: $0.stepID, node: key.node, artifactID: ids[0], records: $0.records)
            })
        }
    }

    /// A run-long capture's records, split by its windows; the same for a run and for `reparse`.
    static func records(parser: ParserKind, bytes: [UInt8], windows: CaptureWindows?,
                        limits: ParseLimits) -> [(stepID: Int64?, records: ParsedRecords)] {
        let records: ParsedRecords
        do {
            records = try Parsers.parse(parser, bytes, workload: nil, limits: limits)
        } catch {
            records = Parsers.refused(parser, error)
        }
        guard case .dmon(let capture) = records else { return [(stepID: nil, records: records)] }
        return DmonAttribution.split(capture, bytes: bytes, windows: windows?.windows ?? []).map {
            (stepID: $0.stepID, records: .dmon($0.capture))
        }
    }
}
