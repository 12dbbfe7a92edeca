import DSBenchCore
import Dispatch
import Foundation
import Synchronization
import Testing

/// `ParallelMap.pipeline`: results taken in input order on the calling thread while the other
/// items are still being transformed.
@Suite struct ParallelMapTests {
    struct Stop: Error, Equatable {}

    @Test func resultsArriveInInputOrderWithTheirIndex() throws {
        let items = Array(0..<200)
        var seen: [(Int, Int)] = []
        try ParallelMap.pipeline(items, { $0 * $0 }, consume: { index, square in seen.append((index, square)) })
        #expect(seen.map(\.0) == items)
        #expect(seen.map(\.1) == items.map { $0 * $0 })
    }

    /// The first result is consumed while later transforms still wait for it: a pipeline that
    /// transformed everything before consuming would time every one of them out.
    @Test func consumingOverlapsTheTransformsStillRunning() throws {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return }
        let firstConsumed = DispatchSemaphore(value: 0)
        let timedOut = Mutex(0)
        try ParallelMap.pipeline(Array(0..<6), { (i: Int) -> Int in
            if i >= 2, firstConsumed.wait(timeout: .now() + 5) == .timedOut { timedOut.withLock { $0 += 1 } }
            if i >= 2 { firstConsumed.signal() }   // let the next waiter through too
            return i
        }, consume: { index, _ in if index == 0 { firstConsumed.signal() } })
        #expect(timedOut.withLock { $0 } == 0)
    }

    @Test func aFailingConsumerStopsTheTakingAndEveryTransformEndsFirst() {
        let transformed = Mutex(0)
        var consumed: [Int] = []
        #expect(throws: Stop()) {
            try ParallelMap.pipeline(Array(0..<64), { (i: Int) -> String in
                transformed.withLock { $0 += 1 }
                return String(repeating: "x", count: i)   // results that own memory, dropped untaken
            }, consume: { index, _ in
                consumed.append(index)
                if index == 2 { throw Stop() }
            })
        }
        #expect(consumed == [0, 1, 2])
        #expect(transformed.withLock { $0 } == 64, "pipeline returned while transforms were running")
    }
}
