import DSBenchCore
import Foundation

/// What resolving a baseline reads, as questions rather than a store, so that resolving stays pure;
/// DSBenchAnalysisStore answers them from the store (`StoreBaselineLookup`).
public protocol BaselineLookup {
    func analysisRun(id: Int64) throws -> AnalysisRun?
    /// Completed runs of `suite` before `before`, newest first (`Store.autoBaselineCandidates`).
    func autoBaselineCandidates(suite: String, before: Int64, limit: Int) throws -> [AutoBaselineCandidate]
    /// The headers (no rows) of a run's nccl steps: its hardware classes come from their devices.
    func ncclStepHeaders(runID: Int64) throws -> [NcclStepResults]
    func runExists(id: Int64) throws -> Bool
    /// The runs of the baseline with this name; nil when there is none.
    func baselineRunIDs(named name: String) throws -> [Int64]?
    func baselineNames() throws -> [String]
}

/// Turns what the user named (`--baseline NAME|RUN|auto`) into the runs that form the reference.
public enum BaselineResolver {
    public static let defaultAutoRuns = 5

    public struct Resolved: Sendable, Equatable {
        public var label: String
        public var runIDs: [Int64]
        /// `auto` only: newer runs passed over, with why (`failed step`, `critical finding`,
        /// `regression`, `fleet outlier`).
        public var skipped: [SkippedRun] = []

        public init(label: String, runIDs: [Int64], skipped: [(runID: Int64, reason: String)] = []) {
            self.label = label; self.runIDs = runIDs
            self.skipped = skipped.map { SkippedRun(runID: $0.runID, reason: $0.reason) }
        }
    }

    public struct SkippedRun: Sendable, Equatable {
        public var runID: Int64
        public var reason: String
    }

    /// `skipped 7 (regression), 6 (failed step)`; the first five, then a count.
    static func skippedPhrase(_ skipped: [AutoBaselineCandidate]) -> String {
        let listed = skipped.prefix(5).map { "\($0.runID) (\($0.problem ?? "?"))" }.joined(separator: ", ")
        return "skipped " + listed + (skipped.count > 5 ? " and \(skipped.count - 5) more" : "")
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// `auto` = the last `autoRuns` completed runs of the candidate's suite before it, restricted
    /// to its hardware class; a number = that run; numbers separated by commas = those runs;
    /// anything else = a baseline name.
    public static func resolve(_ reference: String, candidateRunID: Int64, autoRuns: Int = defaultAutoRuns,
                               lookup: some BaselineLookup) throws -> Resolved {
        if reference == "auto" {
            guard let run = try lookup.analysisRun(id: candidateRunID) else {
                throw Failure(description: "run \(candidateRunID) not found")
            }
            let hardware = hardwareClasses(try lookup.ncclStepHeaders(runID: candidateRunID))
            var picked: [Int64] = []
            var skipped: [AutoBaselineCandidate] = []
            // Walk back in pages so that runs of other hardware, and runs that cannot be a
            // reference, do not use up the K.
            var before = candidateRunID
            while picked.count < autoRuns {
                let page = try lookup.autoBaselineCandidates(suite: run.suiteName, before: before, limit: 50)
                guard let last = page.last else { break }
                for candidate in page where picked.count < autoRuns {
                    let classes = hardwareClasses(try lookup.ncclStepHeaders(runID: candidate.runID))
                    guard hardware.isEmpty || !classes.isDisjoint(with: hardware) else { continue }
                    if candidate.problem == nil { picked.append(candidate.runID) } else { skipped.append(candidate) }
                }
                before = last.runID
            }
            guard !picked.isEmpty else {
                throw Failure(description: "no completed earlier run of suite \(run.suiteName) on the same hardware "
                    + "to form an auto baseline" + (skipped.isEmpty ? "" : " (\(skippedPhrase(skipped)))")
                    + "; set one with `dsbench baseline set RUN --name NAME`")
            }
            return Resolved(label: "auto (last \(picked.count) runs: \(picked.sorted().map(String.init).joined(separator: ", "))"
                                + (skipped.isEmpty ? "" : "; \(skippedPhrase(skipped))") + ")",
                            runIDs: picked.sorted(), skipped: skipped.map { ($0.runID, $0.problem ?? "") })
        }
        let listed = reference.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if listed.count > 1, case let ids = listed.compactMap({ Int64($0) }), ids.count == listed.count {
            for id in ids where try !lookup.runExists(id: id) {
                throw Failure(description: "run \(id) not found; `dsbench runs` lists them")
            }
            return Resolved(label: "runs \(ids.map(String.init).joined(separator: ", "))", runIDs: ids)
        }
        if let id = Int64(reference) {
            guard try lookup.runExists(id: id) else { throw Failure(description: "run \(id) not found; `dsbench runs` lists them") }
            return Resolved(label: "run \(id)", runIDs: [id])
        }
        guard let runIDs = try lookup.baselineRunIDs(named: reference) else {
            let known = try lookup.baselineNames()
            throw Failure(description: "no baseline named \(reference)"
                + (known.isEmpty ? "; create one with `dsbench baseline set RUN --name \(reference)`"
                                 : " (known: \(known.joined(separator: ", ")))"))
        }
        return Resolved(label: "baseline \(reference) (runs \(runIDs.map(String.init).joined(separator: ", ")))",
                        runIDs: runIDs)
    }

    static func hardwareClasses(_ steps: [NcclStepResults]) -> Set<String> {
        Set(steps.map(SeriesKey.hardwareClass))
    }
}
