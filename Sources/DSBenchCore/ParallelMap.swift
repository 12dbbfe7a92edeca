import Dispatch
import Foundation

/// `map` over the cores, for pure work on independent items (compressing, hashing and parsing
/// the files of one ingest). Results come back in input order; the first error in input order is
/// thrown, after every item has run.
public enum ParallelMap {
    public static func map<T: Sendable, R>(_ items: [T], _ transform: (T) throws -> R) throws -> [R] {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard items.count > 1, workers > 1 else { return try items.map(transform) }
        var results = [Result<R, any Error>?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes its own slot only.
            nonisolated(unsafe) let slots = buffer
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let work = transform
                DispatchQueue.concurrentPerform(iterations: items.count) { i in
                    slots[i] = Result { try work(items[i]) }
                }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// The same for work that cannot fail.
    public static func map<T: Sendable, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        // The throwing form rethrows only what `transform` throws: nothing.
        (try? map(items, { (item: T) throws -> R in transform(item) })) ?? items.map(transform)
    }

    /// Runs `first` and `second` at once (on two cores where there are two), returning when
    /// both have: two kinds of work over the same bytes, such as compressing and hashing them.
    public static func both(_ first: () -> Void, _ second: () -> Void) {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { first(); second(); return }
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                // Each runs once, on its own thread; neither sees what the other touches.
                nonisolated(unsafe) let work = (first, second)
                DispatchQueue.concurrentPerform(iterations: 2) { i in i == 0 ? work.0() : work.1() }
            }
        }
    }

    /// `map` whose results the calling thread takes in input order while the rest are still
    /// being transformed: `consume(i, result)` runs on the calling thread as soon as items 0...i
    /// are done, the transforms on the other threads meanwhile. For pure work feeding serial work
    /// (parsing files whose records one connection writes). Returns when every transform has
    /// ended, also when `consume` throws (its first error is rethrown; later results are dropped).
    public static func pipeline<T: Sendable, R>(_ items: [T], _ transform: @escaping (T) -> R,
                                               consume: (Int, R) throws -> Void) throws {
        guard items.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else {
            for (i, item) in items.enumerated() { try consume(i, transform(item)) }
            return
        }
        let slots = UnsafeMutableBufferPointer<R>.allocate(capacity: items.count)
        let ready = items.map { _ in DispatchSemaphore(value: 0) }
        let done = DispatchGroup()
        var consumed = 0
        defer {
            done.wait()   // no transform is still writing a slot
            // Slots `consume` took were moved out; the others still hold their results.
            for i in consumed..<items.count { (slots.baseAddress! + i).deinitialize(count: 1) }
            slots.deallocate()
        }
        // Each transform writes its own slot, then signals it; a slot is read only after its signal.
        nonisolated(unsafe) let work = transform
        nonisolated(unsafe) let output = slots
        DispatchQueue.global().async(group: done) {
            DispatchQueue.concurrentPerform(iterations: items.count) { i in
                (output.baseAddress! + i).initialize(to: work(items[i]))
                ready[i].signal()
            }
        }
        while consumed < items.count {
            ready[consumed].wait()
            let result = (slots.baseAddress! + consumed).move()
            consumed += 1
            try consume(consumed - 1, result)
        }
    }
}
