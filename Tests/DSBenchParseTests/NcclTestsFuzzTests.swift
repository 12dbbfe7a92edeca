import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// The tests' SplitMix64, so that every fuzz run mutates the same way; `below(1)` draws nothing
/// (the sequences this suite was written against).
struct NcclTestsRandom: RandomNumberGenerator {
    private var base: SplitMix64
    init(seed: UInt64) { base = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { base.next() }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

/// Seeded random mutations of every nccl-tests capture: the parser must never crash, and
/// can never report more rows than the input has lines.
@Suite("NcclTests fuzz")
struct NcclTestsFuzzTests {
    static let captures = [
        "b_all_reduce_8-8G_r1.txt", "b_all_reduce_8-8G_r2.txt", "b_all_reduce_8-8G_c1_n50.txt",
        "c_all_gather_8-1G.txt", "c_alltoall_8-1G.txt", "c_broadcast_8-1G.txt", "c_reduce_scatter_8-1G.txt",
        "d_all_reduce_1M-256M_INFO.txt", "e_2gpu.txt", "e_p2p_disable.txt", "e_p2p_disable_INFO.txt",
        "e_p2p_shm_disable_socket_killed_by_timeout.txt", "f_all_reduce_under_dmon.txt",
        "g_mpirun_all_reduce_np8.txt", "i_err_invalid_flag.txt", "i_err_too_many_gpus.txt",
    ]

    static let insertions: [[UInt8]] = [
        "vm:4720:4756 [1] NCCL INFO Channel 00/0 : 1[1] -> 2[2] via P2P/direct pointer\n",
        "\nvm:1:2 [0] enqueue.cc:1 NCCL WARN Cuda failure 'out of memory'\n",
        "NCCL version 2.21.5+cuda12.4\n", "[1,0]<stdout>:", "0: ", "# Out of bounds values : 3 FAILED\n",
        "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong \n",
        "     inf    -nan     N/A  1.04858e+06", "\r", "\u{0}", "\u{FEFF}", "99999999999999999999999 ",
        " .. vm pid 1: Test failure common.cu:1\n", "vm: Test NCCL failure common.cu:9 'x / '\n",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], _ rng: inout NcclTestsRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.below(4)) {
            let n = bytes.count
            let at = rng.below(n + 1)
            switch rng.below(8) {
            case 0 where n > 0:   // flip bytes
                for _ in 0..<(1 + rng.below(8)) { bytes[rng.below(n)] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1 where n > 0:   // delete a range
                bytes.removeSubrange(at..<min(n, at + 1 + rng.below(200)))
            case 2 where n > 0:   // duplicate a range
                let end = min(n, at + 1 + rng.below(400))
                bytes.insert(contentsOf: Array(bytes[min(at, n)..<end]), at: rng.below(n + 1))
            case 3:               // truncate
                bytes.removeSubrange(at..<n)
            case 4:               // swap two lines
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                if lines.count > 1 { lines.swapAt(rng.below(lines.count), rng.below(lines.count)) }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 5, 6:            // insert NCCL lines, tags, odd tokens anywhere (also mid-line)
                bytes.insert(contentsOf: insertions[rng.below(insertions.count)], at: at)
            default:              // random bytes
                bytes.insert(contentsOf: (0..<(1 + rng.below(32))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
            }
        }
        return bytes
    }

    @Test("3200 seeded mutations: no crash, rows ≤ lines, lines in range")
    func mutations() throws {
        let corpus = try Self.captures.map { Array(try Fixtures.h200($0).utf8) }
        var rng = NcclTestsRandom(seed: 0x5EED_2026)
        var rowsSeen = 0
        for round in 0..<3200 {
            let input = Self.mutate(corpus[round % corpus.count], &rng)
            let lineCount = input.filter { $0 == 0x0A }.count + 1
            let r = NcclTestsParser.parse(input)
            rowsSeen += r.rows.count
            #expect(r.rows.count <= lineCount)
            #expect(r.rows.allSatisfy { $0.line >= 1 && $0.line <= lineCount })
            #expect(r.ncclDebugLines.allSatisfy { $0.line >= 1 && $0.line <= lineCount })
            #expect(r.diagnostics.count <= NcclTextDiagnostics.limit + 1)
            if round % 7 == 0 {   // the String path too
                _ = NcclTestsParser.parse(String(decoding: input, as: UTF8.self))
            }
        }
        #expect(rowsSeen > 3200 * 10)   // most mutations leave most rows readable
    }
}
