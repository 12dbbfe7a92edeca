import DSBenchCore
import DSBenchEngine
import Foundation
import Synchronization

/// Progress of a run on a terminal: one status line redrawn in place (steps done/total, nodes busy
/// and failed, the step that started last), with a line per failed step printed above it.
/// When stderr is not a terminal it stays quiet apart from failed steps; the summary follows the run.
final class LiveProgress: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var failed = 0
        var busy: [String: Int] = [:]
        var failedNodes: Set<String> = []
        var current = ""
        var lastDraw = Date.distantPast
    }

    private let state = Mutex(State())
    private let terminal: Bool

    init(terminal: Bool = Console.stderrIsTerminal) { self.terminal = terminal }

    func handle(_ event: RunProgress) {
        let output: String? = state.withLock { state in
            var above: String?
            switch event {
            case .stepStarted(let step, _, let total):
                state.total = total
                state.busy[step.node, default: 0] += 1
                state.current = TerminalText.escape(step.key)
            case .stepFinished(let step, let verdict, let seconds):
                state.done += 1
                if let count = state.busy[step.node] { state.busy[step.node] = count > 1 ? count - 1 : nil }
                if verdict.status != .completed {
                    state.failed += 1
                    state.failedNodes.insert(step.node)
                    // Its own escapes are the only ones that reach the terminal.
                    above = TerminalText.escape("[\(step.seq + 1)] \(step.key): \(verdict.status.rawValue) in "
                        + "\(String(format: "%.1f", seconds)) s" + (verdict.error.map { " — \($0)" } ?? ""))
                }
            }
            guard terminal else { return above.map { $0 + "\n" } }
            // Redraw at most 10 times a second, but always when a failure line goes above.
            let now = Date()
            guard above != nil || now.timeIntervalSince(state.lastDraw) >= 0.1 || state.done == state.total else { return nil }
            state.lastDraw = now
            let status = "steps \(state.done)/\(state.total)" + (state.failed > 0 ? " (\(state.failed) failed)" : "")
                + " · nodes busy \(state.busy.count), failed \(state.failedNodes.count) · \(state.current)"
            return "\r\u{1B}[K" + (above.map { $0 + "\n" } ?? "") + String(status.prefix(160))
        }
        if let output { FileHandle.standardError.write(Data(output.utf8)) }
    }

    /// Ends the status line so the summary starts on its own line.
    func finish() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
