import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// An artifact read once in pieces (a mapped capture) is stored as a zlib stream that reads back
/// to its bytes, with the size and sha256 of the one-shot path and as small as its stream,
/// whatever the piece size.
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
        for piece in [4096, 65_537, 149_999, 150_000, 299_999, 1 << 20] {
            let (streamed, consumed) = try Self.prepared(text, piece: piece)
            #expect(streamed.encoding == "zlib")
            #expect(streamed.sha256 == whole.sha256)
            #expect(streamed.size == text.count)
            #expect(try Zlib.decompress(streamed.content, expectedSize: text.count) == text, "piece \(piece)")
            // Each piece primed with the 32 KiB before it: a piece boundary costs a few bytes, not
            // the window (primed, 74 pieces of 4 KiB cost 934 bytes more than one stream; unprimed,
            // 13,860: Python's zlib on the same text).
            let allowance = 64 * (text.count / piece + 1)
            #expect(streamed.content.count <= whole.content.count + allowance,
                    "piece \(piece): \(streamed.content.count) bytes against \(whole.content.count) in one stream")
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
