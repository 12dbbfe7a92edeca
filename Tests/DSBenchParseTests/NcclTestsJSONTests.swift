import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// `-J file.json` output. No real JSON capture exists in Tests/Fixtures, so the fixture below
/// is HAND-WRITTEN: it follows the schema of docs/formats.md §1.10 (compact, as nccl-tests'
/// own writer emits it: `%lf` doubles, string booleans, padded root string, bare `inf`), with
/// the numbers of the first rows of the real capture e_2gpu.txt.
@Suite("NcclTests JSON output (-J)")
struct NcclTestsJSONTests {
    static let head = #"{"version":3,"start_time":"2026-11-22 09:45:54","args":["./build/all_reduce_perf","-b","8","-e","16","-f","2","-g","2","-J","out.json"],"env":["PATH=/usr/bin","NCCL_SECRET_TOKEN=hunter2"],"nccl_version":22809,"config":{"nthreads":1,"ngpus":2,"minimum_bytes":8,"maximum_bytes":16,"step_factor":2,"warmup_iters":1,"iterations":20,"aggregated_iterations":1,"validation":1,"graph":0,"blocking_collectives":"false","per_iter_timing":"false","per_iter_skip":0,"parallel_init":"false","devices":[{"rank":0,"group":0,"pid":6722,"hostname":"vm","device":0,"device_hex":"0000:00:06","device_info":"NVIDIA H200"}]},"#
    static let result1 = #"{"size":8,"count":2,"type":"float","redop":"sum","root":"    -1","out_of_place":{"time":14.950000,"alg_bw":0.000000,"bus_bw":0.000000,"nwrong":0.000000},"in_place":{"time":12.840000,"alg_bw":0.000000,"bus_bw":0.000000,"nwrong":0.000000},"actual_iterations":20,"experiment_name":""}"#
    static let result2 = #"{"size":16,"count":4,"type":"float","redop":"sum","root":"    -1","out_of_place":{"time":inf,"alg_bw":"nan","bus_bw":-inf,"nwrong":null},"in_place":{"time":12.840000,"alg_bw":0.001246,"bus_bw":0.001246,"nwrong":1048576.000000},"actual_iterations":20,"experiment_name":""}"#
    static let tail = #""out_of_bounds":{"count":1,"okay":"false"},"average_bus_bandwidth":{"bandwidth":0.000623,"okay":"unchecked"},"errors":["NET/IB : Got completion from peer"],"end_time":"2026-11-22 09:45:58"}"#
    static let full = head + #""results":["# + result1 + "," + result2 + "]," + tail

    static func parse(_ text: String) -> NcclTestsReport { NcclTestsJSONParser.parse(Array(text.utf8)) }

    @Test("hand-written v3 file with a bare inf: repaired and mapped")
    func fullFile() throws {
        let r = Self.parse(Self.full)
        #expect(r.program == "all_reduce_perf")
        #expect(r.ncclLibraryCode == 22809 && r.ncclVersion == "2.28.9")
        #expect(r.parameters == NcclTestsParameters(nThread: 1, nGpus: 2, minBytes: 8, maxBytes: 16, step: 2,
                                                    stepKind: "factor", warmupIters: 1, iters: 20, aggIters: 1,
                                                    validation: 1, graph: 0))
        #expect(r.devices == [NcclTestsDevice(rank: 0, group: 0, pid: 6722, host: "vm", cudaDevice: 0,
                                              busId: "0000:00:06", name: "NVIDIA H200")])
        #expect(r.rows.count == 2)
        #expect(r.rows[0] == NcclTestsRow(size: 8, count: 2, type: "float", redop: "sum", root: -1,
                                          outOfPlace: NcclTestsMeasurement(timeUs: 14.95, algbw: 0, busbw: 0, wrong: 0),
                                          inPlace: NcclTestsMeasurement(timeUs: 12.84, algbw: 0, busbw: 0, wrong: 0),
                                          line: 1))
        #expect(r.rows[1].outOfPlace == NcclTestsMeasurement(timeUs: nil, algbw: nil, busbw: nil, wrong: nil))
        #expect(r.rows[1].inPlace == NcclTestsMeasurement(timeUs: 12.84, algbw: 0.001246, busbw: 0.001246, wrong: 1_048_576))
        #expect(r.outOfBounds == 1 && r.outOfBoundsOK == false)
        #expect(r.avgBusBandwidth == 0.000623 && r.avgBusBandwidthOK == nil)
        #expect(r.errors.map(\.message) == ["NET/IB : Got completion from peer"])
        #expect(r.complete)
        #expect(r.diagnostics.map(\.message) == ["2 bare inf/nan values read as null"])
    }

    @Test("the env array never reaches the report")
    func noEnvironment() throws {
        let encoded = try JSONEncoder().encode(Self.parse(Self.full))
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(!text.contains("hunter2") && !text.contains("PATH=") && !text.contains("NCCL_SECRET_TOKEN"))
    }

    @Test("2.17.3–2.17.8 misspelled keys, -C 1 cpu_time, -I per-iteration, step_bytes, pretty-printed")
    func variants() {
        let text = Self.full
            .replacingOccurrences(of: #""average_bus_bandwidth":{"bandwidth":0.000623,"okay":"unchecked"}"#,
                                  with: #""average_bus_bandwidith":{"bandwidith":5.5,"okay":"false"}"#)
            .replacingOccurrences(of: #""time":14.950000"#, with: #""cpu_time":14.950000"#)
            .replacingOccurrences(of: #""step_factor":2"#, with: #""step_bytes":1048576"#)
            .replacingOccurrences(of: #","actual_iterations":20,"experiment_name":""}"#,
                                  with: #","in_place_per_iter":{"skipped_iterations":0,"min_us":12.1,"max_us":14.2,"avg_us":12.9,"p50_us":12.8,"p95_us":14.0,"p99_us":14.2,"stdev_us":0.5,"cv_pct":3.9,"times_us":[12.1,14.2]},"actual_iterations":20,"experiment_name":""}"#)
            .replacingOccurrences(of: ",", with: ",\n ")
        let r = Self.parse(text)
        #expect(r.avgBusBandwidth == 5.5 && r.avgBusBandwidthOK == false)
        #expect(r.rows[0].outOfPlace.timeUs == 14.95)
        #expect(r.parameters?.step == 1_048_576 && r.parameters?.stepKind == "bytes")
        #expect(r.rows[0].inPlace?.iterMinUs == 12.1 && r.rows[0].inPlace?.iterCVPercent == 3.9)
        #expect(r.rows[1].inPlace?.iterP99Us == 14.2)
        #expect(r.rows.map(\.line) == [38, 64])   // one member per line after the edit (counted by hand)
        #expect(r.complete)
    }

    @Test("a file cut mid-write keeps the complete values, complete = false")
    func truncated() {
        let full = Self.full
        let cutInValue = String(full[..<full.range(of: #""alg_bw":"nan""#)!.lowerBound])
        let r = Self.parse(cutInValue)
        #expect(!r.complete)
        #expect(r.rows.count == 2)
        #expect(r.rows[0].inPlace?.timeUs == 12.84)
        #expect(r.rows[1].outOfPlace.timeUs == nil && r.rows[1].inPlace == nil)
        #expect(r.outOfBounds == nil && r.avgBusBandwidth == nil)
        #expect(r.diagnostics.first?.message == "JSON cut short: kept the values written before the end of the file")

        let cutInString = String(full[..<full.range(of: #"NVIDIA H2"#)!.upperBound])
        let s = Self.parse(cutInString)
        #expect(!s.complete && s.rows.isEmpty)
        #expect(s.parameters?.nGpus == 2)
        #expect(s.diagnostics.contains { $0.message == "no results in the JSON file" })

        let openResults = Self.parse(Self.head + #""results":["#)
        #expect(openResults.rows.isEmpty && !openResults.complete)
    }

    @Test("empty, garbage and mutated input: diagnostics, no crash")
    func garbage() {
        #expect(Self.parse("").diagnostics.map(\.message) == ["no nccl-tests JSON found"])
        #expect(Self.parse("   \n").diagnostics.map(\.message) == ["no nccl-tests JSON found"])
        #expect(Self.parse("# nThread 1").diagnostics.map(\.message) == ["unreadable nccl-tests JSON"])
        #expect(Self.parse("[1,2]").diagnostics.map(\.message) == ["unreadable nccl-tests JSON"])
        let base = Array(Self.full.utf8)
        var rng = NcclTestsRandom(seed: 7)
        for _ in 0..<600 {
            let r = NcclTestsJSONParser.parse(NcclTestsFuzzTests.mutate(base, &rng))
            #expect(r.rows.count <= 2)
        }
    }
}
