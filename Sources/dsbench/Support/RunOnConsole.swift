import DSBenchEngine

/// How `run`, `check`, `bisect` and `demo` start a run: its progress on stderr as steps finish,
/// Ctrl-C announced and turned into the run's cancellation, the summary once it is done.
extension RunSession {
    func executeOnConsole(_ request: RunRequest) async throws(CommandFailure) -> RunOutcome {
        let progress = LiveProgress()
        let outcome: RunOutcome
        do {
            outcome = try await execute(request, progress: { progress.handle($0) }, interrupts: { stop in
                let signals = SignalCancellation(onSignal: {
                    Console.info("dsbench: interrupted — stopping running steps, keeping what finished")
                    stop()
                })
                return signals.restore
            })
        } catch {
            switch error {
            case .lockRefused(let refusal):
                throw CommandFailure(refusal)
            case .notRecorded(let runID, let message):
                // The run id stays the last line of stdout, as for a run that finished.
                if let runID { Console.out(String(runID)) }
                throw .internalError(message)
            }
        }
        progress.finish()
        Progress.summary(outcome, dbPath: store.path)
        return outcome
    }
}
