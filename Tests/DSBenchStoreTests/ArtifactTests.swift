import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct ArtifactTests {
    /// Deterministic bytes that no compressor can shrink (xorshift).
    static func noise(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    @Test func rawBytesRoundTripExactly() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        let runID = try store.createRun(Sample.newRun())
        let stepID = try store.insertPlannedSteps(runID: runID, steps: [Sample.ncclStep(seq: 0)])[0]
        let capture = [UInt8](try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt"))
        let binary: [UInt8] = [0x00, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0x0a, 0xa0, 0xa1, 0x00]   // NULs, invalid UTF-8
        var bigText: [UInt8] = []
        while bigText.count < 5_000_000 { bigText += capture }
        bigText.removeSubrange(5_000_000...)
        let inputs = [
            ArtifactInput(name: "main.stdout", parser: .ncclTests, bytes: capture),
            ArtifactInput(name: "main.stderr", bytes: []),
            ArtifactInput(name: "blob.bin", bytes: binary),
            ArtifactInput(name: "dmon.stdout", parser: .dmon, bytes: bigText),
            ArtifactInput(name: "noise.bin", bytes: Self.noise(5_000_000)),
        ]
        let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: "gpu-001", inputs)
        #expect(ids.count == 5)
        #expect(Set(ids).count == 5)
        try scratch.reopen()

        let stored = try scratch.store.artifacts(runID: runID)
        #expect(stored.map(\.id) == ids)
        for (artifact, input) in zip(stored, inputs) {
            #expect(artifact.name == input.name)
            #expect(artifact.parser == input.parser)
            #expect(artifact.node == "gpu-001")
            #expect(artifact.stepID == stepID)
            #expect(artifact.runID == runID)
            #expect(artifact.bytes == input.bytes, "\(input.name) changed")
            #expect(artifact.sha256 == SHA256.hex(input.bytes))
        }
        #expect(stored[1].sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(stored[1].bytes.isEmpty)
        // Text shrinks a lot; noise is kept as it is rather than grown.
        #expect(stored[0].storedSize * 3 < capture.count)
        #expect(stored[3].storedSize * 20 < bigText.count)
        #expect(stored[4].storedSize == 5_000_000)
        #expect(try scratch.store.artifact(id: ids[2])?.bytes == binary)
        #expect(try scratch.store.artifact(id: 999_999) == nil)
    }

    @Test func corruptedZlibBlobIsDetectedAndNamed() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let runID = try scratch.store.createRun(Sample.newRun())
        let capture = [UInt8](try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt"))
        let id = try scratch.store.storeArtifacts(runID: runID, stepID: nil, node: "gpu-002",
                                                  [ArtifactInput(name: "main.stdout", bytes: capture)])[0]
        // Flip one byte in the middle of the deflate stream.
        try scratch.store.executeRaw("""
            UPDATE artifacts SET content = CAST(substr(content, 1, 40) || X'5A' || substr(content, 42) AS BLOB) WHERE id = \(id)
            """)
        #expect(try scratch.count("artifacts", where: "id = \(id) AND encoding = 'zlib'") == 1)
        expectCorrupt(try scratch.store.artifacts(runID: runID), naming: "artifact \(id) (gpu-002/main.stdout, run \(runID))")
        expectCorrupt(try scratch.store.artifact(id: id), naming: "artifact \(id) (gpu-002/main.stdout, run \(runID))")
    }

    @Test func tamperedRawBlobFailsItsChecksum() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let runID = try scratch.store.createRun(Sample.newRun())
        let id = try scratch.store.storeArtifacts(runID: runID, stepID: nil, node: "gpu-003",
                                                  [ArtifactInput(name: "noise.bin", bytes: ArtifactTests.noise(4096))])[0]
        #expect(try scratch.count("artifacts", where: "id = \(id) AND encoding = 'identity'") == 1)
        try scratch.store.executeRaw("""
            UPDATE artifacts SET content = CAST(substr(content, 1, 100) || X'00' || substr(content, 102) AS BLOB) WHERE id = \(id)
            """)
        // Same length, one byte different: only the checksum can tell.
        #expect(try scratch.count("artifacts", where: "id = \(id) AND typeof(content) = 'blob' AND length(content) = 4096") == 1)
        expectCorrupt(try scratch.store.artifacts(runID: runID), naming: "artifact \(id) (gpu-003/noise.bin, run \(runID))",
                      mentioning: "sha256")
    }

    @Test func artifactsNeedAnExistingRunAndStep() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let input = [ArtifactInput(name: "main.stdout", bytes: Array("x".utf8))]
        #expect(throws: StoreError.self) { try scratch.store.storeArtifacts(runID: 42, stepID: nil, node: "n", input) }
        let runID = try scratch.store.createRun(Sample.newRun())
        do {
            _ = try scratch.store.storeArtifacts(runID: runID, stepID: 77, node: "n", input)
            Issue.record("stored an artifact for a missing step")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.message.contains("no step 77"))
        }
        #expect(try scratch.count("artifacts") == 0)
    }

    private func expectCorrupt<T>(_ body: @autoclosure () throws(StoreError) -> T, naming name: String,
                                  mentioning detail: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try body()
            Issue.record("corruption went unnoticed", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == .corruptArtifact, sourceLocation: sourceLocation)
            #expect(error.message.contains(name), "\(error.message)", sourceLocation: sourceLocation)
            if let detail { #expect(error.message.contains(detail), sourceLocation: sourceLocation) }
        }
    }
}
