import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// The decompression-bomb family: gzip traces that inflate to 100× the artifact cap are refused
/// with the reason, after inflating no more than the cap. A 4 MB `.json.gz` of 4 GiB of zeros
/// once made `parse torch-trace` allocate 8.5 GB and abort (exit 134).
@Suite struct DecompressionBombTests {
    static let cap = 4 << 20
    static let bombSize = 100 * cap
    static let zeros = GzipBomb.make(byte: 0, count: bombSize)
    static let spaces = GzipBomb.make(byte: UInt8(ascii: " "), count: bombSize)

    @Test(arguments: [UInt8(0x00), UInt8(ascii: " ")])
    func bombIsRefusedAtTheCap(_ byte: UInt8) throws {
        let bomb = byte == 0 ? Self.zeros : Self.spaces
        #expect(bomb.count < Self.cap / 2, "the bomb itself is small: \(bomb.count) bytes")
        #expect(throws: ParseRefusal.tooLarge(bytes: nil, limit: Self.cap, inflated: true)) {
            try Parsers.parse(.torchTrace, bomb, workload: nil, limits: ParseLimits(maxArtifactBytes: Self.cap))
        }
    }

    /// Past the cap inflating stops, nothing is joined into one buffer, and what was held never
    /// exceeded the cap (the expanded size, 100× the cap, was never allocated).
    @Test func inflatingStopsAtTheCap() {
        let inflated = Gunzip.inflate(Self.zeros, limit: Self.cap)
        #expect(inflated.problem == .overLimit(Self.cap))
        #expect(inflated.bytes.isEmpty)
        let whole = Gunzip.inflate(GzipBomb.make(byte: 0x41, count: Self.cap + 12_345), limit: 2 * Self.cap)
        #expect(whole.problem == nil)
        #expect(whole.bytes.count == Self.cap + 12_345)
        #expect(whole.bytes.allSatisfy { $0 == 0x41 })
    }

    @Test func peakMemoryStaysNearTheCap() {
        let bomb = Self.spaces
        let before = PeakMemory.bytes()
        _ = try? Parsers.parse(.torchTrace, bomb, workload: nil, limits: ParseLimits(maxArtifactBytes: Self.cap))
        // Peak RSS only rises; inflating the whole bomb would have raised it by 400 MiB. The
        // bound leaves room for the allocator and the test runner; it held about 1× the cap.
        #expect(PeakMemory.bytes() - before < 8 * Self.cap)
    }

    /// The refusal reads as a reason, and the convenience entry point keeps it as an error.
    @Test func refusalSaysWhyAndHowToRaiseTheCap() {
        let bomb = GzipBomb.make(byte: 0, count: 2 * Self.cap)
        let refusal = ParseRefusal.tooLarge(bytes: nil, limit: Self.cap, inflated: true)
        #expect(refusal.description.contains("inflates to more than 4 MiB"))
        #expect(refusal.description.contains("max_artifact_bytes"))
        let report = TorchTraceParser.parse(bomb, maxInflatedBytes: Self.cap)
        #expect(report.kernelEvents == 0)
        #expect(report.diagnostics.map(\.severity) == [.error])
        #expect(report.diagnostics.first?.message == refusal.description)
    }

    @Test func plainArtifactOverTheCapIsRefusedUnread() {
        let big = [UInt8](repeating: 0x20, count: Self.cap + 1)
        for kind in ParserKind.allCases {
            #expect(throws: ParseRefusal.tooLarge(bytes: Self.cap + 1, limit: Self.cap, inflated: false)) {
                try Parsers.parse(kind, big, workload: nil, limits: ParseLimits(maxArtifactBytes: Self.cap))
            }
        }
    }

    /// Exactly at the cap is allowed: the real trace inflated under a cap of its own size parses.
    @Test func traceThatInflatesToExactlyTheCapParses() throws {
        let gz = Array(try Fixtures.data("h200-x8/ddp_trace_rank0_steps20-24.json.gz"))
        let size = Gunzip.inflate(gz, limit: 1 << 30).bytes.count
        let records = try Parsers.parse(.torchTrace, gz, workload: nil, limits: ParseLimits(maxArtifactBytes: size))
        guard case .torchTrace(let report) = records else { Issue.record("not a trace"); return }
        #expect(report.kernelEvents == 2755)
        #expect(throws: ParseRefusal.self) {
            try Parsers.parse(.torchTrace, gz, workload: nil, limits: ParseLimits(maxArtifactBytes: size - 1))
        }
    }
}

/// Peak resident memory of this process (`getrusage` `ru_maxrss`, KiB on Linux).
enum PeakMemory {
    static func bytes() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}
