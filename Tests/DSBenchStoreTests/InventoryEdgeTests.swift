import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct InventoryEdgeTests {
    /// A query without `index`, a plain `N/A`, the newer `gpucurrent` alias and a value that is
    /// not a number: stored as NULLs and a diagnostic, never an error.
    @Test func oddQueryGPUFieldsBecomeNullsAndDiagnostics() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let table = GPUQueryTable(fieldNames: ["name", "pcie.link.gen.gpucurrent", "power.limit", "driver_version"], records: [
            GPUQueryRecord(fields: ["name": "NVIDIA H200", "pcie.link.gen.gpucurrent": "4",
                                    "power.limit": "lots", "driver_version": "N/A"], line: 2),
            GPUQueryRecord(fields: ["name": "NVIDIA H100 80GB HBM3", "pcie.link.gen.gpucurrent": nil,
                                    "power.limit": "700.00 W", "driver_version": "550.54.15"],
                           unavailable: ["pcie.link.gen.gpucurrent": "Not Supported"], line: 3),
        ])
        try f.scratch.store.finishStep(StepCompletion(stepID: f.inventoryStep, status: .completed, endedAt: Sample.start,
                                                      parsed: [(f.inventoryArtifacts[0], .queryGPU(table))]))
        let gpus = try f.scratch.store.inventoryGPUs(runID: f.runID)
        #expect(gpus.map(\.index) == [0, 1])
        #expect(gpus.map(\.pcieGenCurrent) == [4, nil])
        #expect(gpus.map(\.powerLimitW) == [nil, 700])
        #expect(gpus.map(\.driverVersion) == [nil, "550.54.15"])
        #expect(gpus[0].fields["driver_version"] == .some("N/A"))   // raw text kept in fields
        let notes = try f.scratch.store.diagnostics(runID: f.runID).map(\.diagnostic)
        #expect(notes == [
            Diagnostic(.warning, line: 2, "GPU row without an index field; stored as GPU 0 (its position)"),
            Diagnostic(.warning, line: 3, "GPU row without an index field; stored as GPU 1 (its position)"),
        ])
        let detail = try #require(try f.scratch.store.runDetail(id: f.runID))
        #expect(detail.nodes.first?.gpuNames == ["NVIDIA H200", "NVIDIA H100 80GB HBM3"])
        #expect(detail.nodes.first?.driverVersions == ["550.54.15"])
    }

    /// A re-inventory in the same step replaces the fact rather than duplicating it.
    @Test func factsAreReplacedPerNodeStepAndKey() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        try f.scratch.store.finishStep(StepCompletion(stepID: f.inventoryStep, status: .completed, endedAt: Sample.start,
            parsed: [(f.inventoryArtifacts[3], .facts(["kernel": "6.1"], diagnostics: [])),
                     (f.inventoryArtifacts[3], .facts(["kernel": "6.18.44", "os": "Debian GNU/Linux 12 (bookworm)"],
                                                      diagnostics: [Diagnostic(.note, "os-release has no VERSION_ID")]))]))
        let facts = try f.scratch.store.facts(runID: f.runID)
        #expect(facts.map { "\($0.node) \($0.key)=\($0.value)" }
                == ["gpu-001 kernel=6.18.44", "gpu-001 os=Debian GNU/Linux 12 (bookworm)"])
        #expect(try f.scratch.store.diagnostics(runID: f.runID).first?.source == "inventory#0@gpu-001: smi.stdout")
    }
}
