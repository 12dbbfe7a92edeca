import DSBenchAnalyze
import Foundation

/// The words of a bisection, for the terminal.
public enum BisectText {
    public static func stage(_ stage: Bisection.Stage, runID: Int64) -> String {
        let jobs = stage.groups.map { group in
            "\(Bisection.list(group.members)) "
                + (group.busbw.map { String(format: "%.1f GB/s", $0) + (group.slow ? " SLOW" : "") } ?? "no result")
        }
        return "stage \(stage.number) (run \(runID)): \(jobs.joined(separator: " | ")) → \(stage.decision)"
    }

    public static func summary(_ search: Bisection, runs: [Int64], token: String) -> String {
        var lines = ["bisect \(token): \(search.stages.count) stage(s), runs \(runs.map(String.init).joined(separator: ", "))"]
        for culprit in search.culprits {
            switch culprit.kind {
            case .member: lines.append("culprit: node \(culprit.members[0]) (slow beside a healthy partner)")
            case .link: lines.append("culprit: the link between \(culprit.members.joined(separator: " and ")) "
                + "(each is fine beside others)")
            }
        }
        lines += search.unresolved.map { "unresolved: \($0)" }
        if search.culprits.isEmpty && search.unresolved.isEmpty { lines.append("nothing slow: no culprit") }
        return lines.joined(separator: "\n")
    }
}
