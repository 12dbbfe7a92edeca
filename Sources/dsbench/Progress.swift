import DSBenchCore
import DSBenchEngine
import Foundation

/// Step progress on stderr: one line per finished step (stdout stays for results).
enum Progress {
    static func show(_ event: RunProgress) {
        switch event {
        case .stepStarted(let step, let index, let total):
            if Console.stderrIsTerminal {
                Console.info("[\(index + 1)/\(total)] \(step.key) …")
            }
        case .stepFinished(let step, let verdict, let seconds):
            var line = "[\(step.seq + 1)] \(step.key): \(verdict.status.rawValue) in \(String(format: "%.1f", seconds)) s"
            if let error = verdict.error { line += " — \(error)" }
            Console.info(line)
        }
    }

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
