import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// `nccl_iterations`: per-iteration times stored with their rows and read back exactly.
@Suite struct IterationStoreTests {
    /// The real capture's rows, with `times` on the out-of-place half of rows 0 and 30 and on
    /// the in-place half of row 0.
    static func report(times: [Double], inPlace: [Double]) throws -> NcclTestsReport {
        var report = try Sample.ncclReport()
        report.rows[0].outOfPlace.iterTimesUs = times
        report.rows[0].outOfPlace.iterSkipped = 3
        report.rows[0].inPlace?.iterTimesUs = inPlace
        report.rows[30].outOfPlace.iterTimesUs = times.reversed()
        return report
    }

    @Test func timesRoundTripBitForBitAndOnlyWhenAskedFor() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let times = [35.551999, 27.519999, 23.391999, 1748.319983, 0.000001, 19_477.95105]
        let inPlace = [18.751999, 15.36]
        var completion = try f.ncclCompletion()
        completion.parsed[0].records = .ncclTests(try Self.report(times: times, inPlace: inPlace))
        try f.scratch.store.finishStep(completion)
        #expect(try f.scratch.count("nccl_results") == 31)
        #expect(try f.scratch.count("nccl_iterations") == 2)
        #expect(try f.scratch.count("nccl_iterations", where: "seq = 0 AND oop_skipped = 3 AND length(oop_times) = 48") == 1)

        try f.scratch.reopen()
        let step = try #require(try f.scratch.store.ncclStepResults(runIDs: [f.runID], iterations: true).first)
        #expect(step.points.count == 31)
        #expect(step.points[0].outOfPlace.iterationTimesUs == times)
        #expect(step.points[0].inPlace?.iterationTimesUs == inPlace)
        #expect(step.points[30].outOfPlace.iterationTimesUs == times.reversed())
        #expect(step.points[1...29].allSatisfy { $0.outOfPlace.iterationTimesUs == nil && $0.inPlace?.iterationTimesUs == nil })
        // A size filter keeps each row's own times (the join is by step and seq, not by position).
        let large = try #require(try f.scratch.store.ncclStepResults(runIDs: [f.runID], minSize: 1 << 30, iterations: true).first)
        #expect(large.points.last?.outOfPlace.iterationTimesUs == times.reversed())
        #expect(large.points.first?.outOfPlace.iterationTimesUs == nil)
        // Without `iterations` nothing is read.
        let plain = try #require(try f.scratch.store.ncclStepResults(runIDs: [f.runID]).first)
        #expect(plain.points.allSatisfy { $0.outOfPlace.iterationTimesUs == nil })
    }

    @Test func reparseReplacesTheTimesWithTheRows() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        var completion = try f.ncclCompletion()
        completion.parsed[0].records = .ncclTests(try Self.report(times: [1, 2, 3], inPlace: [4]))
        try f.scratch.store.finishStep(completion)
        try f.scratch.store.replaceParsedRecords(runID: f.runID, parsed: [
            (stepID: f.ncclStep, node: "gpu-001", artifactID: f.mainArtifact,
             records: .ncclTests(try Self.report(times: [5, 6], inPlace: [7]))),
        ])
        #expect(try f.scratch.count("nccl_results") == 31 && f.scratch.count("nccl_iterations") == 2)
        let step = try #require(try f.scratch.store.ncclStepResults(runIDs: [f.runID], iterations: true).first)
        #expect(step.points[0].outOfPlace.iterationTimesUs == [5, 6] && step.points[0].inPlace?.iterationTimesUs == [7])
    }

    @Test func blobCodec() {
        let values = [0.0, -0.0, 1.5, 1e-300, 19_397.087097]
        let blob = IterationTimesBlob.encode(values)
        #expect(blob.count == 40 && blob.prefix(8) == Data(repeating: 0, count: 8))
        #expect(IterationTimesBlob.decode(blob)?.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(IterationTimesBlob.decode(blob.prefix(7)) == nil)
        #expect(IterationTimesBlob.decode(Data()) == [])
        #expect(Store.iterationTimes(Data()) == nil && Store.iterationTimes(nil) == nil)
    }
}
