import Dispatch
import Foundation

/// Turns SIGINT/SIGTERM into a callback (which cancels the run) instead of killing dsbench, so
/// that running steps are stopped and the database is left consistent.
final class SignalCancellation: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let queue = DispatchQueue(label: "dsbench.signals")

    init(onSignal: @escaping @Sendable () -> Void) {
        var made: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler(handler: onSignal)
            source.resume()
            made.append(source)
        }
        sources = made
    }

    func restore() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
