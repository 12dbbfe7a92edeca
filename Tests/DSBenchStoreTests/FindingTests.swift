import DSBenchCore
@testable import DSBenchStore
import Testing

@Suite struct FindingTests {
    @Test func findingsReplacePerSourceAndSortBySeverity() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let run = try scratch.store.createRun(Sample.newRun())
        let shm = Finding(rule: "nccl.transport.shm", severity: .warning, node: "n1", step: "ar#0@n1",
                          message: "NCCL used shared memory between GPUs that have NVLink",
                          evidence: "Channel 00 : 0[0] -> 1[1] via SHM/direct/direct", observed: 13.9, expected: 366.8)
        let wrong = Finding(rule: "nccl.correctness", severity: .critical, node: "n1", message: "3 wrong elements")
        try scratch.store.replaceFindings(runID: run, source: "rules", [shm, wrong])
        try scratch.store.replaceFindings(runID: run, source: "compare", [Finding(rule: "regression.busbw", severity: .info, message: "ok")])
        #expect(try scratch.store.findings(runID: run).map(\.finding) == [wrong, shm, Finding(rule: "regression.busbw", severity: .info, message: "ok")])

        try scratch.store.replaceFindings(runID: run, source: "rules", [])
        #expect(try scratch.store.findings(runID: run).map(\.source) == ["compare"])
        #expect(try scratch.count("findings") == 1)
    }

    @Test func findingsNeedTheirRunAndGoWithIt() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        #expect(throws: StoreError.self) {
            try scratch.store.replaceFindings(runID: 99, source: "rules", [Finding(rule: "r", severity: .info, message: "m")])
        }
        let run = try scratch.store.createRun(Sample.newRun())
        try scratch.store.replaceFindings(runID: run, source: "rules", [Finding(rule: "r", severity: .info, message: "m")])
        try scratch.store.deleteRun(id: run)
        #expect(try scratch.count("findings") == 0)
    }
}
