import DSBenchAnalyze
import DSBenchCore
import DSBenchStore

extension BaselineResolver {
    /// `resolve` with the store answering what it reads.
    public static func resolve(_ reference: String, candidateRunID: Int64, autoRuns: Int = defaultAutoRuns,
                               store: Store) throws -> Resolved {
        try resolve(reference, candidateRunID: candidateRunID, autoRuns: autoRuns, lookup: StoreBaselineLookup(store: store))
    }
}

/// The store as a `BaselineLookup`.
public struct StoreBaselineLookup: BaselineLookup {
    public let store: Store

    public init(store: Store) { self.store = store }

    public func analysisRun(id: Int64) throws -> AnalysisRun? { try store.analysisRun(id: id) }

    public func autoBaselineCandidates(suite: String, before: Int64, limit: Int) throws -> [AutoBaselineCandidate] {
        try store.autoBaselineCandidates(suite: suite, before: before, limit: limit)
    }

    public func ncclStepHeaders(runID: Int64) throws -> [NcclStepResults] { try store.ncclStepHeaders(runID: runID) }

    public func runExists(id: Int64) throws -> Bool { try store.runExists(id: id) }

    public func baselineRunIDs(named name: String) throws -> [Int64]? { try store.baseline(named: name)?.runIDs }

    public func baselineNames() throws -> [String] { try store.baselines().map(\.name) }
}
