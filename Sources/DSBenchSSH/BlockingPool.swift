import CLibSSH
import Foundation

/// A fixed set of dedicated pthreads for blocking libssh calls.
///
/// Blocking work must never run on Swift's cooperative pool or `DispatchQueue.global()`: on Linux
/// both share libdispatch's root queue, and a fan-out to 128 nodes starved every async task for
/// 13–21 s when measured. The threads are joined in `shutdown()`, before the process exits, because
/// OpenSSL's atexit cleanup racing a thread's exit destructors crashed about once per 80 runs.
public final class BlockingPool: @unchecked Sendable {
    public let threadCount: Int
    private let condition = NSCondition()
    private var queue: [() -> Void] = []
    private var head = 0
    private var stopping = false
    private var threads: [pthread_t] = []

    public init(threads count: Int, name: String = "dsb-ssh") {
        threadCount = max(1, count)
        for index in 0..<threadCount {
            let context = Unmanaged.passRetained(WorkerContext(pool: self, name: "\(name)-\(index)"))
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, 1 << 20)
            var thread = pthread_t()
            let rc = pthread_create(&thread, &attributes, { raw in
                let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
                _ = context.name.withCString { dsb_set_current_thread_name($0) }
                context.pool.work()
                return nil
            }, context.toOpaque())
            pthread_attr_destroy(&attributes)
            if rc == 0 { threads.append(thread) } else { context.release() }
        }
    }

    /// Runs `body` on a pool thread and returns its result to the awaiting task.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: body()) }
        }
    }

    /// Like `run`, with a flag the body polls; task cancellation raises it.
    public func runCancellable<T: Sendable>(_ body: @escaping @Sendable (CancelFlag) -> T) async -> T {
        let flag = CancelFlag()
        return await withTaskCancellationHandler {
            await run { body(flag) }
        } onCancel: {
            flag.raise()
        }
    }

    /// Stops accepting work, lets queued work finish and joins every thread. Idempotent.
    public func shutdown() {
        condition.lock()
        stopping = true
        let joining = threads
        threads = []
        condition.broadcast()
        condition.unlock()
        for thread in joining { pthread_join(thread, nil) }
    }

    private func submit(_ job: @escaping () -> Void) {
        condition.lock()
        if stopping {
            condition.unlock()
            job()   // after shutdown, run inline rather than lose a continuation
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == queue.count && !stopping { condition.wait() }
            if head == queue.count {
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            if head > 1024 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job()
        }
    }

    private final class WorkerContext {
        let pool: BlockingPool
        let name: String
        init(pool: BlockingPool, name: String) { self.pool = pool; self.name = name }
    }
}

/// Raised when the awaiting task is cancelled; blocking loops check it between polls.
public final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    public init() {}
    public func raise() { lock.withLock { raised = true } }
    public var isRaised: Bool { lock.withLock { raised } }
}
