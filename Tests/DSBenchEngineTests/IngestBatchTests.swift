@testable import DSBenchEngine
import Testing

/// How `Ingestor` groups files into one transaction each.
@Suite struct IngestBatchTests {
    @Test func batchesAreConsecutiveAndBounded() {
        #expect(Ingestor.batches(of: 0, bytes: []) == [])
        #expect(Ingestor.batches(of: 3, bytes: [1, 1, 1]) == [0..<3])
        #expect(Ingestor.batches(of: 5, bytes: [1, 1, 1, 1, 1], maxFiles: 2) == [0..<2, 2..<4, 4..<5])
        // A file larger than the byte bound is a batch of its own, never split or dropped.
        #expect(Ingestor.batches(of: 4, bytes: [10, 200, 10, 10], maxBytes: 100) == [0..<1, 1..<2, 2..<4])
        #expect(Ingestor.batches(of: 3, bytes: [60, 50, 40], maxBytes: 100) == [0..<1, 1..<3])
    }
}
