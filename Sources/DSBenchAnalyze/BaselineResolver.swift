import DSBenchCore
import DSBenchStore

/// Turns what the user named (`--baseline NAME|RUN|auto`) into the runs that form the reference.
public enum BaselineResolver {
    public static let defaultAutoRuns = 5

    public struct Resolved: Sendable, Equatable {
        public var label: String
        public var runIDs: [Int64]
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// `auto` = the last `autoRuns` completed runs of the candidate's suite before it, restricted
    /// to its hardware class; a number = that run; anything else = a baseline name.
    public static func resolve(_ reference: String, candidateRunID: Int64, autoRuns: Int = defaultAutoRuns,
                               store: Store) throws -> Resolved {
        if reference == "auto" {
            guard let run = try store.analysisRun(id: candidateRunID) else {
                throw Failure(description: "run \(candidateRunID) not found")
            }
            let hardware = try hardwareClasses(runID: candidateRunID, store: store)
            var picked: [Int64] = []
            // Walk back in pages so that runs of other hardware do not use up the K.
            var before = candidateRunID
            while picked.count < autoRuns {
                let page = try store.completedRunIDs(suite: run.suiteName, before: before, limit: 50)
                guard let last = page.last else { break }
                for id in page where picked.count < autoRuns {
                    let classes = try hardwareClasses(runID: id, store: store)
                    if hardware.isEmpty || !classes.isDisjoint(with: hardware) {
                        picked.append(id)
                    }
                }
                before = last
            }
            guard !picked.isEmpty else {
                throw Failure(description: "no completed earlier run of suite \(run.suiteName) on the same hardware "
                    + "to form an auto baseline; set one with `dsbench baseline set RUN --name NAME`")
            }
            return Resolved(label: "auto (last \(picked.count) runs: \(picked.sorted().map(String.init).joined(separator: ", ")))",
                            runIDs: picked.sorted())
        }
        if let id = Int64(reference) {
            guard try store.runExists(id: id) else { throw Failure(description: "run \(id) not found; `dsbench runs` lists them") }
            return Resolved(label: "run \(id)", runIDs: [id])
        }
        guard let baseline = try store.baseline(named: reference) else {
            let known = try store.baselines().map(\.name)
            throw Failure(description: "no baseline named \(reference)"
                + (known.isEmpty ? "; create one with `dsbench baseline set RUN --name \(reference)`"
                                 : " (known: \(known.joined(separator: ", ")))"))
        }
        return Resolved(label: "baseline \(baseline.name) (runs \(baseline.runIDs.map(String.init).joined(separator: ", ")))",
                        runIDs: baseline.runIDs)
    }

    static func hardwareClasses(runID: Int64, store: Store) throws -> Set<String> {
        // maxSize -1: only the step headers are needed, no rows.
        Set(try store.ncclStepResults(runIDs: [runID], minSize: 0, maxSize: -1).map(SeriesKey.hardwareClass))
    }
}
