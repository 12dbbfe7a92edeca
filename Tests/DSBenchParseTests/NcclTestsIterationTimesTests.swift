import DSBenchCore
import DSBenchTestSupport
import Foundation
@testable import DSBenchParse
import Testing

/// `times_us` of the `-J` JSON written with `-I 1` (real 2× H200 captures, nccl-tests 2.19.6).
@Suite("nccl-tests per-iteration times")
struct NcclTestsIterationTimesTests {
    static func json(_ name: String) throws -> NcclTestsReport {
        NcclTestsJSONParser.parse(Array(try Fixtures.data("h200-x2-iter/" + name)))
    }

    @Test func everyRowCarriesItsTwentyTimesInIterationOrder() throws {
        let report = try Self.json("j_all_reduce_I_r1.json")
        #expect(report.rows.count == 14 && report.diagnostics.isEmpty)
        #expect(report.rows.allSatisfy { $0.outOfPlace.iterTimesUs?.count == 20 && $0.inPlace?.iterTimesUs?.count == 20 })
        let first = try #require(report.rows.first)
        #expect(first.size == 8 && first.outOfPlace.iterSkipped == 0)
        #expect(first.outOfPlace.iterTimesUs?.first == 18.592 && first.outOfPlace.iterTimesUs?.last == 15.904)
        #expect(first.inPlace?.iterTimesUs?.first == 18.751999)
        let last = try #require(report.rows.last)
        #expect(last.size == 536_870_912)
        #expect(last.outOfPlace.iterTimesUs?.first == 1748.319983 && last.outOfPlace.iterTimesUs?.last == 1730.432034)
        #expect(last.inPlace?.iterTimesUs?.first == 1736.384034)
        // The printed statistics are those of the same times.
        #expect(first.outOfPlace.iterMinUs == first.outOfPlace.iterTimesUs?.min())
    }

    @Test func theJSONsOneDevicePerProcessStillCountsEveryRank() throws {
        // `-g 2` in one process: the JSON lists device 0 only, the text lists both.
        let json = try Self.json("j_all_reduce_I_r1.json")
        #expect(json.devices.count == 1 && json.devices.first?.name == "NVIDIA H200")
        #expect(json.parameters?.nGpus == 2 && json.rankCount == 2)
        let text = NcclTestsParser.parse(Array(try Fixtures.data("h200-x2-iter/j_all_reduce_I_r1.txt")))
        #expect(text.devices.count == 2 && text.rankCount == nil)
    }

    @Test func minusKLeavesTheLeadingIterationsOut() throws {
        let report = try Self.json("j_all_reduce_I_K3.json")
        let row = try #require(report.rows.first)
        #expect(row.size == 1_048_576 && row.outOfPlace.iterSkipped == 3)
        let times = try #require(row.outOfPlace.iterTimesUs)
        // 20 measured, the first three (35.551999, 27.519999, 23.391999) out of the statistics.
        #expect(times.count == 17 && times.first == 24.032 && times.last == 25.248)
        #expect(times.min() == row.outOfPlace.iterMinUs)   // i_min 20.927999 is over the kept 17
        #expect(abs(times.reduce(0, +) / Double(times.count) - 23.472941) < 1e-6)   // avg_us of the file
    }

    @Test func severalProcessesUseTheMaxOverProcessesPerIteration() throws {
        // The shape v2.19.6 writes with MPI (>1 process): times_us of rank 0, and one list per process.
        let text = """
            {"version":3,"results":[{"size":1024,"count":256,"type":"float","redop":"sum","root":"    -1",
             "out_of_place":{"time":12.0,"alg_bw":0.08,"bus_bw":0.08,"nwrong":0.0},
             "out_of_place_per_iter":{"skipped_iterations":1,"times_us":[9.0,10.0,11.0,12.0],
               "per_process_max_times_us":[[9.0,10.0,15.0,12.0],[30.0,14.0,11.0,"nan"]]}}]}
            """
        let row = try #require(NcclTestsJSONParser.parse(Array(text.utf8)).rows.first)
        #expect(row.outOfPlace.iterTimesUs == [14.0, 15.0, 12.0])
        #expect(row.outOfPlace.iterSkipped == 1)
    }

    @Test func outputsWithoutPerIterationTimesHaveNone() throws {
        let text = try Fixtures.data("h200-x2-iter/j_all_reduce_I_r1.txt")
        let table = NcclTestsParser.parse(String(decoding: text, as: UTF8.self))
        #expect(table.rows.count == 14 && table.rows.allSatisfy { $0.outOfPlace.iterTimesUs == nil })
        #expect(table.rows.first?.outOfPlace.iterMinUs == 12.61)   // the printed i_min is still read
        #expect(!NcclTestsJSONParser.mayHoldIterationTimes(Array(text)))
        #expect(NcclTestsJSONParser.mayHoldIterationTimes(Array(try Fixtures.data("h200-x2-iter/j_all_reduce_I_r1.json"))))
        // A JSON written without -I has no times.
        let plain = """
            {"version":3,"results":[{"size":8,"count":2,"type":"float","redop":"sum","root":"    -1",
             "out_of_place":{"time":15.8,"alg_bw":0.0,"bus_bw":0.0,"nwrong":0.0}}]}
            """
        #expect(!NcclTestsJSONParser.mayHoldIterationTimes(Array(plain.utf8)))
        #expect(NcclTestsJSONParser.parse(Array(plain.utf8)).rows.first?.outOfPlace.iterTimesUs == nil)
    }
}
