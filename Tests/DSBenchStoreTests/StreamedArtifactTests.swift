import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// An artifact read once in pieces (a mapped capture) is stored as the same zlib stream, size
/// and sha256 as the one-shot path, whatever the piece size, and reads back to its bytes.
@Suite struct StreamedArtifactTests {
    static func prepared(_ bytes: [UInt8], piece: Int) throws -> (PreparedArtifact, [Int]) {
        var consumed: [Int] = []
        let prepared = try bytes.withUnsafeBufferPointer { buffer in
            try PreparedArtifact(streaming: buffer, name: "ingest.stdout", parser: .ncclTests, pieceBytes: piece,
                                 consumed: { consumed.append($0) })
        }
        return (prepared, consumed)
    }

    @Test func piecesMakeTheOneShotStream() throws {
        let capture = [UInt8](try Fixtures.data("h200-x8/d_all_reduce_1M-256M_INFO.txt"))
        var text: [UInt8] = []
        while text.count < 300_000 { text += capture }
        let whole = try PreparedArtifact(ArtifactInput(name: "ingest.stdout", parser: .ncclTests, bytes: text),
                                         runID: 1, node: "local")
        for piece in [4096, 65_537, 299_999, 1 << 20] {
            let (streamed, consumed) = try Self.prepared(text, piece: piece)
            #expect(streamed.encoding == "zlib")
            #expect(streamed.sha256 == whole.sha256)
            #expect(streamed.size == text.count)
            #expect(try Zlib.decompress(streamed.content, expectedSize: text.count) == text, "piece \(piece)")
            // zlib's output does not depend on how its input was split.
            #expect(streamed.content == whole.content, "piece \(piece)")
            #expect(consumed.last == text.count)
            #expect(consumed == consumed.sorted())
        }
    }

    @Test func bytesThatDoNotShrinkAreKeptAsTheyAreAndNothingIsEmpty() throws {
        let noise = ArtifactTests.noise(100_000)
        let (kept, _) = try Self.prepared(noise, piece: 10_000)
        #expect(kept.encoding == "identity")
        #expect(kept.content == noise)
        #expect(kept.sha256 == SHA256.hex(noise))
        let (empty, consumed) = try Self.prepared([], piece: 10_000)
        #expect(empty.encoding == "zlib")
        #expect(try Zlib.decompress(empty.content, expectedSize: 0) == [])
        #expect(empty.sha256 == SHA256.hex([UInt8]()))
        #expect(consumed == [0])
    }
}
