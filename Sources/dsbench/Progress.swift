import DSBenchCore
import DSBenchEngine
import Foundation

/// The end-of-run summary on stderr (stdout stays for results; the live per-step lines are LiveProgress).
enum Progress {
    static func summary(_ outcome: RunOutcome, dbPath: String) {
        let counts = outcome.stepCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Console.info("run \(outcome.runID): \(outcome.status.rawValue) (\(counts)) → \(dbPath)")
        // Each failed step's reason was printed as it finished; the summary names the steps only.
        if !outcome.failedSteps.isEmpty {
            Console.info("  failed steps: \(outcome.failedSteps.joined(separator: ", ")) "
                         + "(reasons above; `dsbench show \(outcome.runID)` lists them)")
        }
        for problem in outcome.critical { Console.info("  CRITICAL: \(problem)") }
        for finding in outcome.findings where finding.severity == .warning {
            Console.info("  warning: \(finding.rule): \(finding.message)")
        }
    }
}
