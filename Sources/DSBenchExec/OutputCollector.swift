import Synchronization

/// Accumulates a child's stdout and stderr as they arrive and forwards each chunk to the live
/// handler. Shared between the two reader tasks, hence the lock.
final class OutputCollector: Sendable {
    private struct Buffers {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
    }
    private let buffers = Mutex(Buffers())
    private let handler: OutputHandler?

    init(handler: OutputHandler?) {
        self.handler = handler
    }

    func append(_ chunk: [UInt8], to stream: OutputStreamKind) {
        guard !chunk.isEmpty else { return }
        buffers.withLock { buffers in
            switch stream {
            case .stdout: buffers.stdout.append(contentsOf: chunk)
            case .stderr: buffers.stderr.append(contentsOf: chunk)
            }
        }
        // Outside the lock: a slow handler must not hold up the other stream's reader.
        handler?(stream, chunk)
    }

    var stdout: [UInt8] { buffers.withLock { $0.stdout } }
    var stdoutCount: Int { buffers.withLock { $0.stdout.count } }
    var stderr: [UInt8] { buffers.withLock { $0.stderr } }
}
