import DSBenchCore
import DSBenchParse

/// One stored artifact of a step that a parser reads.
struct StepArtifact: Sendable {
    var artifactID: Int64
    var name: String
    var parser: ParserKind
    var bytes: [UInt8]
    var spec: WorkloadSpec?
    /// The command's start plus its timeout: the parse of what it wrote must end by then.
    var deadline: ContinuousClock.Instant?
    var timeoutSeconds: Double?
}

/// An artifact that was stored but not parsed (or not to its end), and why.
public struct ArtifactRefusal: Sendable, Equatable {
    public var artifact: String
    public var refusal: ParseRefusal
    /// The timeout of the command that wrote it, for the message of a parse that ran out of it.
    public var timeoutSeconds: Double?

    public init(artifact: String, refusal: ParseRefusal, timeoutSeconds: Double? = nil) {
        self.artifact = artifact; self.refusal = refusal; self.timeoutSeconds = timeoutSeconds
    }

    public var message: String {
        var text = "\(artifact): \(refusal)"
        if case .stopped(deadlinePassed: true) = refusal, let timeoutSeconds {
            let seconds = timeoutSeconds == timeoutSeconds.rounded() ? String(Int(timeoutSeconds)) : String(timeoutSeconds)
            text += " (\(seconds) s); the raw output is stored and `dsbench reparse` parses it again"
        }
        return text
    }
}

/// Parses a step's artifacts under the run's limits: each at most once (the verdict reads the
/// stdout records that the store then keeps), each by its command's deadline, and keeps what
/// was refused for the step's verdict.
struct StepParsing {
    let limits: ParseLimits
    private var parsed: [Int64: ParsedRecords] = [:]
    private(set) var refusals: [ArtifactRefusal] = []
    /// Every artifact given to its parser, in order (each once, refused or not).
    private(set) var parsedNames: [String] = []

    init(limits: ParseLimits) { self.limits = limits }

    /// nil when the artifact was refused (too large, or stopped by cancellation or its deadline).
    mutating func records(_ artifact: StepArtifact) -> ParsedRecords? {
        if let done = parsed[artifact.artifactID] { return done }
        if refusals.contains(where: { $0.artifact == artifact.name }) { return nil }
        parsedNames.append(artifact.name)
        do {
            let records = try Parsers.parse(artifact.parser, artifact.bytes, workload: artifact.spec, limits: limits,
                                            deadline: artifact.deadline)
            parsed[artifact.artifactID] = records
            return records
        } catch {
            refusals.append(ArtifactRefusal(artifact: artifact.name, refusal: error, timeoutSeconds: artifact.timeoutSeconds))
            return nil
        }
    }
}
