import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// A run with an nccl step (artifacts main.stdout + dmon.stdout) and an inventory step
/// (query-gpu.stdout, topo.stdout, nvlink.stdout, smi.stdout) on gpu-001.
struct StepFixture {
    let scratch: ScratchStore
    let runID: Int64
    let ncclStep: Int64
    let inventoryStep: Int64
    let mainArtifact: Int64
    let dmonArtifact: Int64
    let inventoryArtifacts: [Int64]

    init() throws {
        scratch = try ScratchStore()
        let store = scratch.store
        runID = try store.createRun(Sample.newRun())
        let steps = try store.insertPlannedSteps(runID: runID, steps: [Sample.ncclStep(seq: 0), Sample.inventoryStep(seq: 1)])
        ncclStep = steps[0]
        inventoryStep = steps[1]
        let capture = [UInt8](try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt"))
        let nccl = try store.storeArtifacts(runID: runID, stepID: ncclStep, node: "gpu-001", [
            ArtifactInput(name: "main.stdout", parser: .ncclTests, bytes: capture),
            ArtifactInput(name: "dmon.stdout", parser: .dmon, bytes: Array("# gpu pwr\n".utf8)),
        ])
        mainArtifact = nccl[0]
        dmonArtifact = nccl[1]
        inventoryArtifacts = try store.storeArtifacts(runID: runID, stepID: inventoryStep, node: "gpu-001", [
            ArtifactInput(name: "query-gpu.stdout", parser: .queryGPU, bytes: Array("index, name\n".utf8)),
            ArtifactInput(name: "topo.stdout", parser: .topo, bytes: Array("\tGPU0\n".utf8)),
            ArtifactInput(name: "nvlink.stdout", parser: .nvlink, bytes: Array("GPU 0\n".utf8)),
            ArtifactInput(name: "smi.stdout", parser: .smiSummary, bytes: Array("NVIDIA-SMI\n".utf8)),
        ])
        try store.markStepRunning(id: ncclStep, startedAt: Sample.start.addingTimeInterval(1))
    }

    func ncclCompletion() throws -> StepCompletion {
        StepCompletion(stepID: ncclStep, status: .completed, exitCode: 0, endedAt: Sample.start.addingTimeInterval(61),
                       parsed: [(mainArtifact, .ncclTests(try Sample.ncclReport())), (dmonArtifact, .dmon(Sample.dmonCapture()))])
    }

    func inventoryCompletion() -> StepCompletion {
        StepCompletion(stepID: inventoryStep, status: .completed, exitCode: 0,
                       startedAt: Sample.start.addingTimeInterval(62), endedAt: Sample.start.addingTimeInterval(63),
                       parsed: [(inventoryArtifacts[0], .queryGPU(Sample.queryGPU())),
                                (inventoryArtifacts[1], .topo(Sample.topology())),
                                (inventoryArtifacts[2], .nvlink(Sample.nvlink())),
                                (inventoryArtifacts[3], .facts(["driver_version": "580.159.04", "cuda_version": "13.0"],
                                                               diagnostics: []))])
    }
}

@Suite struct FinishStepTests {
    @Test func ncclRowsAndSummaryAreStoredExactly() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let report = try Sample.ncclReport()
        try f.scratch.store.finishStep(try f.ncclCompletion())

        let rows = try f.scratch.store.ncclResults(stepID: f.ncclStep)
        #expect(rows.count == 31)
        // The parsed rows in output order, without their text line (the store keeps none).
        let expected = report.rows.enumerated().map { seq, parsed in
            var row = parsed
            row.line = 0
            return NcclResultRow(stepID: f.ncclStep, seq: seq, row: row)
        }
        #expect(rows == expected)
        // Spot checks against the capture text, so a transcription slip cannot hide a store bug.
        #expect(rows[30].size == 8_589_934_592 && rows[30].outOfPlace.busbw == 366.77 && rows[30].inPlace == nil)
        #expect(rows[0].outOfPlace.wrong == nil && rows[0].inPlace?.wrong == 0)
        #expect(rows[5].outOfPlace.busbw == nil && rows[5].outOfPlace.algbw == 0.01)
        #expect(rows[10].inPlace?.timeUs == nil && rows[10].inPlace?.busbw == 0.30)
        #expect(rows[2].outOfPlace.iterMinUs == 46.1 && rows[2].timestamp == "2026-11-22 09:45:50")
        #expect(try f.scratch.count("nccl_results", where: "ip_present = 0") == 1)
        #expect(try f.scratch.count("nccl_results", where: "oop_wrong IS NULL") == 1)

        let detail = try #require(try f.scratch.store.runDetail(id: f.runID))
        let step = try #require(detail.steps.first { $0.id == f.ncclStep })
        #expect(step.status == .completed)
        #expect(step.exitCode == 0)
        #expect(sameTime(step.startedAt, Sample.start.addingTimeInterval(1)))
        #expect(sameTime(step.endedAt, Sample.start.addingTimeInterval(61)))
        let summary = try #require(step.nccl)
        #expect(summary == NcclStepSummary(program: "all_reduce_perf", collective: "all_reduce", ranks: 8,
                                           gpuModel: "NVIDIA H200", avgBusbw: 121.667, rowCount: 31, complete: true,
                                           outOfBounds: 0, outOfBoundsOK: true, ncclVersion: "2.28.9",
                                           testsVersion: "2.19.6", errorCount: 0))
        let facts = try f.scratch.store.facts(runID: f.runID).filter { $0.stepID == f.ncclStep }
        #expect(facts == [FactRow(stepID: f.ncclStep, node: "gpu-001", key: "nccl_tests_version", value: "2.19.6"),
                          FactRow(stepID: f.ncclStep, node: "gpu-001", key: "nccl_version", value: "2.28.9")])
        #expect(try f.scratch.store.queryRaw("SELECT n_gpus || '/' || max_bytes || '/' || iters FROM nccl_summaries")
                == ["8/8589934592/20"])
        #expect(try f.scratch.store.queryRaw("SELECT json_extract(debug_lines, '$[0].message') FROM nccl_summaries")
                == ["NET/Socket : fallback"])
    }

    @Test func dmonSamplesKeepKnownAndExtraColumns() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        try f.scratch.store.finishStep(try f.ncclCompletion())
        let samples = try f.scratch.store.dmonSamples(stepID: f.ncclStep)
        #expect(samples.count == 24)
        let expected = Sample.dmonCapture().samples.map { sample in
            DmonSampleRow(stepID: f.ncclStep, node: "gpu-001", seq: sample.round, gpu: sample.gpu,
                          sampledAt: sample.timestamp, values: sample.values.compactMapValues { $0 })
        }
        #expect(samples == expected)
        #expect(samples[7].values["mtemp"] == nil && samples[7].values["pwr"] == 84)
        #expect(samples[9].values["gract"] == 0.1)
        // Known columns land in their SQL columns, the GPM column in `extra`.
        #expect(try f.scratch.count("dmon_samples", where: "mtemp IS NULL") == 3)
        #expect(try f.scratch.count("dmon_samples", where: "extra IS NULL") == 0)
        #expect(try f.scratch.store.queryRaw("SELECT extra FROM dmon_samples WHERE seq = 1 AND gpu = 3")
                == ["{\"gract\":0.3}"])
        #expect(try f.scratch.store.queryRaw("SELECT extra FROM dmon_samples WHERE seq = 0 AND gpu = 3")
                == ["{\"gract\":null}"])
        let detail = try #require(try f.scratch.store.runDetail(id: f.runID))
        #expect(detail.dmonSampleCount == 24)
        #expect(detail.steps.first { $0.id == f.ncclStep }?.dmonSampleCount == 24)
    }

    @Test func inventoryGoesToTypedColumnsAndFacts() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        try f.scratch.store.finishStep(f.inventoryCompletion())
        let gpus = try f.scratch.store.inventoryGPUs(runID: f.runID)
        #expect(gpus.count == 2)
        #expect(gpus.map(\.index) == [0, 1])
        let first = gpus[0]
        #expect(first.name == "NVIDIA H200" && first.uuid == "GPU-7d58ef82-82b7-a78e-aad4-6e4a929e1032")
        #expect(first.pciBusID == "00000000:00:06.0" && first.driverVersion == "580.159.04")
        #expect(first.vbiosVersion == "96.00.A5.00.1A" && first.memoryTotalMiB == 143_771)
        #expect(first.pcieGenCurrent == 5 && first.pcieGenMax == 5 && first.pcieWidthCurrent == 16 && first.pcieWidthMax == 16)
        #expect(first.computeCap == "9.0" && first.persistenceMode == "Enabled" && first.powerLimitW == 700)
        #expect(first.clocksMaxSMMHz == 1980 && first.clocksMaxMemMHz == 3201)
        #expect(gpus[1].clocksMaxMemMHz == nil)
        #expect(gpus[1].fields == Sample.queryGPU().records[1].fields)
        #expect(try f.scratch.store.queryRaw("SELECT unavailable FROM inventory_gpus WHERE gpu_index = 1")
                == ["{\"clocks.max.memory [MHz]\":\"N/A\"}"])

        let facts = try f.scratch.store.facts(runID: f.runID)
        #expect(facts.map(\.key) == ["cuda_version", "driver_version", "nvlink", "topology"])
        let topology = try #require(facts.first { $0.key == "topology" })
        var expectedTopology = Sample.topology()
        expectedTopology.diagnostics = []
        #expect(try JSONDecoder().decode(TopologyMatrix.self, from: Data(topology.value.utf8)) == expectedTopology)
        let nvlink = try #require(facts.first { $0.key == "nvlink" })
        #expect(try JSONDecoder().decode(NvlinkStatus.self, from: Data(nvlink.value.utf8)) == Sample.nvlink())

        let detail = try #require(try f.scratch.store.runDetail(id: f.runID))
        #expect(detail.nodes == [NodeDetail(name: "gpu-001", hostname: nil, status: nil, error: nil,
                                            gpuNames: ["NVIDIA H200", "NVIDIA H200"], driverVersions: ["580.159.04"],
                                            cudaVersions: ["13.0"], ncclVersions: [])])
    }

    /// The source names the capture: the step it belongs to and the artifact.
    @Test func diagnosticsKeepTheirArtifact() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        try f.scratch.store.finishStep(try f.ncclCompletion())
        try f.scratch.store.finishStep(f.inventoryCompletion())
        let diagnostics = try f.scratch.store.diagnostics(runID: f.runID)
        #expect(diagnostics == [
            DiagnosticRow(stepID: f.ncclStep, artifactID: f.mainArtifact, source: "allreduce[NCCL_ALGO=Ring]#0@gpu-001: main.stdout",
                          diagnostic: Diagnostic(.warning, line: 48, "row cut before its in-place half")),
            DiagnosticRow(stepID: f.ncclStep, artifactID: f.dmonArtifact, source: "allreduce[NCCL_ALGO=Ring]#0@gpu-001: dmon.stdout",
                          diagnostic: Diagnostic(.warning, line: 27, "last line cut mid-way")),
            DiagnosticRow(stepID: f.inventoryStep, artifactID: f.inventoryArtifacts[1], source: "inventory#0@gpu-001: topo.stdout",
                          diagnostic: Diagnostic(.note, line: 1, "ANSI escape removed from header")),
        ])
        let detail = try #require(try f.scratch.store.runDetail(id: f.runID))
        #expect(detail.diagnosticCount == 3)
        #expect(detail.steps.map(\.diagnosticCount) == [2, 1])
    }

    @Test func aSecondNcclReportForTheSameStepBecomesADiagnostic() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        var completion = try f.ncclCompletion()
        completion.parsed.append((f.dmonArtifact, .ncclTests(NcclTestsReport(rows: []))))
        try f.scratch.store.finishStep(completion)
        #expect(try f.scratch.store.ncclResults(stepID: f.ncclStep).count == 31)
        let notes = try f.scratch.store.diagnostics(runID: f.runID).filter { $0.artifactID == f.dmonArtifact }
        #expect(notes.map(\.diagnostic.message).contains(
            "step \(f.ncclStep) already has nccl-tests results from artifact \(f.mainArtifact); the 0 rows of this artifact were not stored"))
    }
}

@Suite struct BulkInsertTests {
    /// Record sets larger than one insert batch (full batches plus a remainder) keep every
    /// value and their order; text columns (type, redop, timestamp, node) included.
    @Test func largeRecordSetsSpanSeveralBatches() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let base = try Sample.ncclReport().rows
        var rows: [NcclTestsRow] = []
        for index in 0..<1_000 {
            var row = base[index % base.count]
            row.type = index % 3 == 0 ? "bfloat16" : "float"
            row.redop = index % 7 == 0 ? "" : "sum"   // empty text must stay '' (not NULL)
            row.timestamp = index % 2 == 0 ? "2026-11-22 09:46:\(String(format: "%02d", index % 60))" : nil
            row.outOfPlace.timeUs = Double(index) + 0.25
            rows.append(row)
        }
        var samples: [DmonSample] = []
        for index in 0..<1_001 {
            samples.append(DmonSample(gpu: index % 8, round: index / 8, timestamp: index % 5 == 0 ? nil : "t\(index)",
                                      values: ["pwr": Double(index), "sm": index % 4 == 0 ? nil : 50,
                                               "nvlrx": Double(index) / 4],
                                      line: index + 3))
        }
        let completion = StepCompletion(stepID: f.ncclStep, status: .completed, endedAt: Sample.start, parsed: [
            (f.mainArtifact, .ncclTests(NcclTestsReport(program: "all_reduce_perf", rows: rows))),
            (f.dmonArtifact, .dmon(DmonCapture(samples: samples))),
        ])
        try f.scratch.store.finishStep(completion)

        let stored = try f.scratch.store.ncclResults(stepID: f.ncclStep)
        #expect(stored.count == 1_000)
        #expect(stored.map(\.seq) == Array(0..<1_000))
        #expect(stored.map(\.type) == rows.map(\.type))
        #expect(stored.map(\.redop) == rows.map(\.redop))
        #expect(stored.map(\.timestamp) == rows.map(\.timestamp))
        #expect(stored.map(\.outOfPlace) == rows.map(\.outOfPlace))
        #expect(stored.map(\.inPlace) == rows.map(\.inPlace))
        #expect(try f.scratch.count("nccl_results", where: "redop = ''") == 143)

        let dmon = try f.scratch.store.dmonSamples(stepID: f.ncclStep)
        #expect(dmon.count == 1_001)
        let expected = samples.map {
            DmonSampleRow(stepID: f.ncclStep, node: "gpu-001", seq: $0.round, gpu: $0.gpu, sampledAt: $0.timestamp,
                          values: $0.values.compactMapValues { $0 })
        }
        #expect(dmon == expected)
    }
}
