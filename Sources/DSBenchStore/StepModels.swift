import DSBenchCore
import Foundation

/// How a step ended plus everything parsed from its artifacts, written in one transaction.
public struct StepCompletion: Sendable {
    public var stepID: Int64
    public var status: StepStatus
    public var exitCode: Int32?
    public var signal: Int32?
    /// nil keeps the time set by `markStepRunning`.
    public var startedAt: Date?
    public var endedAt: Date
    public var error: String?
    /// Records parsed from artifacts stored before with `storeArtifacts`; the node of each
    /// record set is the artifact's node.
    public var parsed: [(artifactID: Int64, records: ParsedRecords)]

    public init(stepID: Int64, status: StepStatus, exitCode: Int32? = nil, signal: Int32? = nil,
                startedAt: Date? = nil, endedAt: Date, error: String? = nil,
                parsed: [(artifactID: Int64, records: ParsedRecords)] = []) {
        self.stepID = stepID; self.status = status; self.exitCode = exitCode; self.signal = signal
        self.startedAt = startedAt; self.endedAt = endedAt; self.error = error; self.parsed = parsed
    }
}

/// Raw output to keep, before anything parses it.
public struct ArtifactInput: Sendable, Equatable {
    /// `main.stdout`, `main.stderr`, `dmon.stdout`, `query-gpu.stdout`, `main.json` …
    public var name: String
    /// Parser that turns these bytes into records, so `reparse` can redo it.
    public var parser: ParserKind?
    public var bytes: [UInt8]

    public init(name: String, parser: ParserKind? = nil, bytes: [UInt8]) {
        self.name = name; self.parser = parser; self.bytes = bytes
    }
}

/// An artifact read back: bytes inflated and checked against their sha256.
public struct StoredArtifact: Sendable, Equatable {
    public var id: Int64
    public var runID: Int64
    public var stepID: Int64?
    public var node: String
    public var name: String
    public var parser: ParserKind?
    public var bytes: [UInt8]
    /// Lowercase hex sha256 of `bytes`.
    public var sha256: String
    /// Bytes in the database (compressed, or raw when compression would not shrink them).
    public var storedSize: Int
    public var createdAt: Date?
}
