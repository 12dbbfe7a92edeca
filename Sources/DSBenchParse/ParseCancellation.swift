import Foundation

/// Lets a long parse stop early: when its task is cancelled (Ctrl-C) or its deadline passes (the
/// step's timeout covers the parsing of what the step wrote). Parse loops poll it and return what
/// they have; `Parsers.parse` then throws `ParseRefusal.stopped`, so a partial result is never
/// taken for a whole one. Before, an inventory step with `timeout: 5s` parsed for 257 s and
/// Ctrl-C took effect 58 s late (issue 12).
///
/// The deadline is read in the parse loop itself rather than enforced by a timer task: on a
/// 2-core machine every pool thread can be busy parsing, and the timer would never get to run.
public enum ParseCancellation {
    /// When parses started in this task must stop; nil: only cancellation stops them.
    @TaskLocal static var deadline: ContinuousClock.Instant?
    /// Set by the first poll that stops a parse of this task-local scope.
    @TaskLocal static var stopped: StopFlag?

    static var isRequested: Bool {
        if Task.isCancelled { return true }
        if let deadline { return ContinuousClock.now >= deadline }
        return false
    }

    /// Runs `parse` under `deadline`; the flag says whether any of its loops stopped early. A
    /// parse that ended on its own before a poll saw the stop is whole and kept.
    static func run<T>(deadline: ContinuousClock.Instant?, _ parse: () -> T) -> (result: T, stopped: Bool) {
        let flag = StopFlag()
        let result = $deadline.withValue(deadline) { $stopped.withValue(flag) { parse() } }
        return (result, flag.isSet)
    }
}

/// Written by the parse's own thread and read after it returns, but task-locals must be Sendable.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Asks `ParseCancellation` on every `every`-th call only: the clock costs about as much as a
/// short line's parse. Once it says stop, it keeps saying so.
struct CancellationPoll {
    private let mask: Int
    private var calls = 0
    private(set) var stopped = false

    /// `every` is rounded up to a power of two.
    init(every: Int = 1024) {
        var power = 1
        while power < every { power <<= 1 }
        mask = power - 1
    }

    mutating func shouldStop() -> Bool {
        if stopped { return true }
        calls &+= 1
        guard calls & mask == 0 else { return false }
        stopped = ParseCancellation.isRequested
        if stopped { ParseCancellation.stopped?.set() }
        return stopped
    }
}
