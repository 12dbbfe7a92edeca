import DSBenchCore
import Synchronization

/// A step's nccl-tests rows as the health rules walk them: held in memory (a parsed report, a
/// stored step of ordinary size), or read again from where they are stored, a page at a time,
/// each time a rule walks them (a step of a very large capture), so that what the health pass
/// holds does not grow with the capture. The rules only ever walk rows front to back.
///
/// A stored sequence that cannot be read to its end stops early and keeps the reason in
/// `failure`: whoever ran rules over it must check it before trusting, or storing, what they found
/// (`HealthInput.rowReadFailure`), since the rules saw fewer rows than there are.
public struct NcclRowSequence: Sequence, Sendable, Equatable {
    /// The rows after `seq` (nil: from the first), at most `limit`, with their stored positions.
    public typealias PageReader = @Sendable (_ afterSeq: Int?, _ limit: Int) throws -> [(seq: Int, row: NcclTestsRow)]

    fileprivate enum Storage: Sendable {
        case held([NcclTestsRow])
        case stored(identity: Int64, reader: PageReader, failures: Failures)
    }

    fileprivate final class Failures: Sendable {
        let first = Mutex<String?>(nil)
    }

    private let storage: Storage
    /// How many rows the sequence walks (a stored step's count when it was opened).
    public let count: Int
    /// Rows read per page of a stored sequence (4,096 rows: about 1 MB).
    static let pageRows = 4096

    public init(_ rows: [NcclTestsRow]) {
        storage = .held(rows)
        count = rows.count
    }

    /// The rows of stored step `identity` (its id: two sequences of one step are equal).
    public init(stored identity: Int64, count: Int, reader: @escaping PageReader) {
        storage = .stored(identity: identity, reader: reader, failures: Failures())
        self.count = count
    }

    /// Why a walk of the stored rows stopped before their end; nil when none did.
    public var failure: String? {
        guard case .stored(_, _, let failures) = storage else { return nil }
        return failures.first.withLock { $0 }
    }

    public var isHeld: Bool { if case .held = storage { return true } else { return false } }

    public static func == (a: NcclRowSequence, b: NcclRowSequence) -> Bool {
        switch (a.storage, b.storage) {
        case (.held(let x), .held(let y)): return x == y
        case (.stored(let x, _, _), .stored(let y, _, _)): return x == y && a.count == b.count
        default: return false
        }
    }

    public func makeIterator() -> Iterator { Iterator(storage: storage) }

    public struct Iterator: IteratorProtocol {
        private let storage: Storage
        private var page: [NcclTestsRow] = []
        private var index = 0
        private var lastSeq: Int?
        private var exhausted = false

        fileprivate init(storage: Storage) {
            self.storage = storage
            if case .held(let rows) = storage { page = rows; exhausted = true }
        }

        public mutating func next() -> NcclTestsRow? {
            if index < page.count {
                defer { index += 1 }
                return page[index]
            }
            guard !exhausted, case .stored(_, let reader, let failures) = storage else { return nil }
            do {
                let read = try reader(lastSeq, NcclRowSequence.pageRows)
                exhausted = read.count < NcclRowSequence.pageRows
                lastSeq = read.last?.seq ?? lastSeq
                page = read.map(\.row)
                index = 0
            } catch {
                failures.first.withLock { if $0 == nil { $0 = "\(error)" } }
                exhausted = true
                page = []
                return nil
            }
            return next()
        }
    }
}
