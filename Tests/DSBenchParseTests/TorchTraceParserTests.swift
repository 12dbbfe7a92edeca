import DSBenchCore
@testable import DSBenchParse
import DSBenchReport
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct TorchTraceParserTests {
    static func fixtureBytes() throws -> [UInt8] {
        Array(try Fixtures.data("h200-x8/ddp_trace_rank0_steps20-24.json.gz"))
    }

    /// The real DDP trace (rank 0, steps 20–24, 8×H200, NCCL 2.28.9): one device, 65 AllReduce
    /// kernels. Expected numbers were worked out separately (Python sweep over the JSON) and again
    /// below by `SweepReference`, a different algorithm from the parser's union-and-intersect.
    @Test func realDDPTraceGivesNcclComputeAndOverlap() throws {
        let report = TorchTraceParser.parse(try Self.fixtureBytes())
        #expect(report.diagnostics.isEmpty)
        #expect(report.kernelEvents == 2755)
        let device = try #require(report.devices.first)
        #expect(report.devices.count == 1)
        #expect(device.device == 0)
        #expect(abs(device.ncclMicroseconds - 19_255.271) < 1e-6)
        #expect(abs(device.computeMicroseconds - 143_824.023) < 1e-6)
        #expect(abs(device.overlapMicroseconds - 16_151.110) < 1e-6)
        #expect(abs(device.exposedCommMicroseconds - 3_104.161) < 1e-6)
        #expect(abs(device.overlapPercent - 83.8789) < 1e-3)
        #expect(device.collectives.keys.sorted() == ["AllReduce"])
        #expect(device.collectives["AllReduce"]?.count == 65)
        #expect(abs((device.collectives["AllReduce"]?.microseconds ?? 0) - 19_255.271) < 1e-6)
    }

    @Test func parserAgreesWithAnIndependentSweepOverTheJSONTree() throws {
        let inflated = Gunzip.inflate(try Self.fixtureBytes(), limit: 1 << 30)
        #expect(inflated.problem == nil)
        let reference = try SweepReference.compute(Data(inflated.bytes))
        let report = TorchTraceParser.parse(inflated.bytes)   // plain JSON this time, no gzip
        #expect(report.devices.map(\.device) == reference.keys.sorted())
        // Foundation reads `ts` (~4.5e12 µs) into a Double whose last bit is ~1 ns, so the
        // reference may be off by a few ns in total; the parser reads the decimal digits exactly.
        for device in report.devices {
            let expected = try #require(reference[device.device])
            #expect(abs(Int64((device.ncclMicroseconds * 1000).rounded()) - expected.nccl) <= 10)
            #expect(abs(Int64((device.computeMicroseconds * 1000).rounded()) - expected.compute) <= 10)
            #expect(abs(Int64((device.overlapMicroseconds * 1000).rounded()) - expected.overlap) <= 10)
        }
    }

    /// Small trace worked by hand. Device 0: compute [0,10) [20,30) (µs), NCCL [5,25) on another
    /// stream and a zero-length NCCL kernel; U_n = 20, U_c = 20, overlap = [5,10)+[20,25) = 10,
    /// exposed = 10, 50 %. Device 1: NCCL only, [100,104) and [102,106) overlap each other:
    /// union 6, collective time summed per kernel 8, exposed 6.
    @Test func handWorkedTrace() throws {
        let json = """
        {"traceEvents": [
          {"ph": "X", "cat": "kernel", "name": "void gemm_kernel<float>(int)", "pid": 0, "tid": 7, "ts": 0.000, "dur": 10},
          {"ph": "X", "cat": "kernel", "name": "ncclDevKernel_AllReduce_Sum_bf16_RING_LL(ncclDevKernelArgsStorage<4096ul>)", "pid": 0, "tid": 9, "ts": 5, "dur": 20.000},
          {"ph": "X", "cat": "kernel", "name": "elementwise\\"kernel", "pid": 0, "tid": 7, "ts": 20, "dur": 10, "args": {"grid": [1, 2, 3], "x": {"y": "}]"}}},
          {"ph": "X", "cat": "kernel", "name": "ncclKernel_AllGather_RING_LL_Sum_int8_t(ncclDevComm*, unsigned long, ncclWork*)", "pid": 0, "tid": 9, "ts": 40, "dur": 0},
          {"ph": "X", "cat": "cpu_op", "name": "aten::mm", "pid": 0, "tid": 1, "ts": 0, "dur": 1000},
          {"ph": "X", "cat": "gpu_memcpy", "name": "Memcpy HtoD", "pid": 0, "tid": 7, "ts": 0, "dur": 1000},
          {"ph": "s", "cat": "ac2g", "name": "ac2g", "pid": 0, "tid": 1, "ts": 1},
          {"ph": "X", "cat": "kernel", "name": "ncclDevKernel_SendRecv(ncclDevKernelArgsStorage<4096ul>)", "pid": "1", "tid": 3, "ts": 100, "dur": 4},
          {"ph": "X", "cat": "kernel", "name": "ncclSymkDevKernel_AllReduce_foo", "pid": 1, "tid": 4, "ts": 102, "dur": 4}
        ], "displayTimeUnit": "ms"}
        """
        let report = TorchTraceParser.parse(Array(json.utf8))
        #expect(report.diagnostics.isEmpty)
        #expect(report.kernelEvents == 6)
        let d0 = try #require(report.devices.first { $0.device == 0 })
        #expect(d0.ncclMicroseconds == 20)
        #expect(d0.computeMicroseconds == 20)
        #expect(d0.overlapMicroseconds == 10)
        #expect(d0.exposedCommMicroseconds == 10)
        #expect(d0.overlapPercent == 50)
        #expect(d0.collectives["AllReduce"] == CollectiveStats(count: 1, microseconds: 20))
        #expect(d0.collectives["AllGather"] == CollectiveStats(count: 1, microseconds: 0))
        let d1 = try #require(report.devices.first { $0.device == 1 })
        #expect(d1.ncclMicroseconds == 6)
        #expect(d1.computeMicroseconds == 0)
        #expect(d1.overlapMicroseconds == 0)
        #expect(d1.exposedCommMicroseconds == 6)
        #expect(d1.collectives["SendRecv"] == CollectiveStats(count: 1, microseconds: 4))
        #expect(d1.collectives["AllReduce"] == CollectiveStats(count: 1, microseconds: 4))
    }

    @Test func parseJSONHasTheDocumentedShape() throws {
        let text = WorkloadParseJSON.render(TorchTraceParser.parse(try Self.fixtureBytes()))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let devices = try #require(object["devices"] as? [[String: Any]])
        let first = try #require(devices.first)
        #expect(Set(first.keys) == ["device", "nccl_us", "compute_us", "overlap_us", "overlap_pct", "exposed_comm_us",
                                    "collectives"])
        #expect(first["nccl_us"] as? Double == 19_255.271)
        #expect(first["overlap_pct"] as? Double == 83.88)
        let allReduce = try #require((first["collectives"] as? [String: Any])?["AllReduce"] as? [String: Any])
        #expect(allReduce["count"] as? Int == 65)
    }

    @Test func kernelNamesOfEveryNcclGeneration() {
        #expect(NcclKernelName.collective("ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*, unsigned long, ncclWork*)") == "AllReduce")
        #expect(NcclKernelName.collective("void ncclDevKernel_ReduceScatter_Sum_f32_RING_LL(ncclDevComm*)") == "ReduceScatter")
        #expect(NcclKernelName.collective("ncclDevKernel_Generic(ncclDevComm*)") == "Generic")
        #expect(NcclKernelName.collective("ncclSymDevKernel_AllGather_LL") == "AllGather")
        #expect(NcclKernelName.collective("ncclSymkDevKernel_AllReduce_RSxLD_AGxST_bf16") == "AllReduce")
        #expect(NcclKernelName.collective("allReduceLsaKernel<float>") == nil)
        #expect(NcclKernelName.collective("ncclDevKernel_") == nil)
        #expect(NcclKernelName.collective("void at::native::ncclKernel_x") == nil)
    }

    @Test func brokenTracesAreDiagnosedNotFatal() throws {
        let full = Gunzip.inflate(try Self.fixtureBytes(), limit: 1 << 30).bytes
        // Cut in the middle of the event list: the events before the cut still count.
        let cut = Array(full.prefix(full.count / 2))
        let half = TorchTraceParser.parse(cut)
        #expect(half.diagnostics.contains { $0.severity == .error && $0.message.contains("truncated") })
        #expect(half.kernelEvents > 0 && half.kernelEvents < 2755)
        // A truncated .gz: what inflated is used, and the truncation is reported.
        let gz = try Self.fixtureBytes()
        let shortGz = TorchTraceParser.parse(Array(gz.prefix(gz.count / 3)))
        #expect(shortGz.diagnostics.contains { $0.message.contains("gzip stream ends early") })
        // Corrupt gzip body, not JSON at all, empty, a trace without kernels.
        var corrupt = gz
        for i in 100..<300 { corrupt[i] ^= 0x5A }
        #expect(!TorchTraceParser.parse(corrupt).diagnostics.isEmpty)
        #expect(TorchTraceParser.parse(Array("nccl-tests output".utf8)).diagnostics.first?.severity == .error)
        #expect(TorchTraceParser.parse([]).devices.isEmpty)
        let noKernels = TorchTraceParser.parse(Array(#"{"traceEvents": [{"ph": "M", "name": "process_name"}]}"#.utf8))
        #expect(noKernels.devices.isEmpty)
        #expect(noKernels.diagnostics.contains { $0.message.contains("no GPU kernel events") })
        // Kernels without usable fields are counted as skipped, never trapped on.
        let odd = TorchTraceParser.parse(Array(#"""
            {"traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "ts": 1e3, "dur": 1},
                             {"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "ts": 99999999999999999999, "dur": 1},
                             {"ph": "X", "cat": "kernel", "name": "k", "pid": [0], "ts": 1, "dur": 1},
                             {"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "ts": 1, "dur": -5}]}
            """#.utf8))
        #expect(odd.diagnostics.contains { $0.message.contains("3 kernel events") })
        #expect(odd.kernelEvents == 1)
    }

    /// Timestamps at the ends of the Int64 ns range: unions spanning them must not overflow.
    @Test func extremeTimestampsDoNotTrap() {
        let report = TorchTraceParser.parse(Array(#"""
            {"traceEvents": [
              {"ph": "X", "cat": "kernel", "name": "a", "pid": 0, "ts": -9223372036854775.000, "dur": 5},
              {"ph": "X", "cat": "kernel", "name": "a", "pid": 0, "ts": -9223372036854770.000, "dur": 9223372036854775.000},
              {"ph": "X", "cat": "kernel", "name": "a", "pid": 0, "ts": 1, "dur": 9223372036854774.000},
              {"ph": "X", "cat": "kernel", "name": "ncclDevKernel_AllReduce", "pid": 0, "ts": -9223372036854775.000, "dur": 9223372036854775.000},
              {"ph": "X", "cat": "kernel", "name": "ncclDevKernel_AllReduce", "pid": 0, "ts": 0, "dur": 9223372036854775.000}
            ]}
            """#.utf8))
        #expect(report.kernelEvents == 5)
        #expect(report.devices.count == 1)
    }

    @Test func randomPrefixesAndByteFlipsNeverCrash() throws {
        let json = Array(Gunzip.inflate(try Self.fixtureBytes(), limit: 1 << 30).bytes.prefix(200_000))
        var generator = SmiSplitMix64(seed: 0x7047)   // a fixed seed, so a crash found here reproduces
        for _ in 0..<200 {
            var sample = Array(json.prefix(Int.random(in: 0...json.count, using: &generator)))
            for _ in 0..<8 where !sample.isEmpty {
                sample[Int.random(in: 0..<sample.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = TorchTraceParser.parse(sample)
        }
    }
}

/// The overlap metric by a sweep over interval boundaries with coverage counters, on the JSON
/// tree read by Foundation: the hand computation the parser is checked against.
enum SweepReference {
    static func compute(_ data: Data) throws -> [Int: (nccl: Int64, compute: Int64, overlap: Int64)] {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        var boundaries: [Int: [(at: Int64, nccl: Bool, delta: Int)]] = [:]
        for event in events where event["ph"] as? String == "X" && event["cat"] as? String == "kernel" {
            guard let pid = event["pid"] as? Int, let ts = event["ts"] as? Double, let dur = event["dur"] as? Double,
                  let name = event["name"] as? String else { continue }
            let start = Int64((ts * 1000).rounded())
            let end = start + max(Int64((dur * 1000).rounded()), 0)
            let isNccl = ["ncclKernel_", "ncclDevKernel_", "ncclSymDevKernel_", "ncclSymkDevKernel_"]
                .contains { name.hasPrefix($0) || name.hasPrefix("void " + $0) }
            boundaries[pid, default: []] += [(start, isNccl, 1), (end, isNccl, -1)]
        }
        return boundaries.mapValues { points in
            var nccl: Int64 = 0, compute: Int64 = 0, overlap: Int64 = 0
            var open = (nccl: 0, compute: 0)
            var previous: Int64?
            for point in points.sorted(by: { $0.at < $1.at }) {
                if let previous, point.at > previous {
                    let length = point.at - previous
                    if open.nccl > 0 { nccl += length }
                    if open.compute > 0 { compute += length }
                    if open.nccl > 0 && open.compute > 0 { overlap += length }
                }
                if point.nccl { open.nccl += point.delta } else { open.compute += point.delta }
                previous = point.at
            }
            return (nccl, compute, overlap)
        }
    }
}
