import Testing
import DSBenchCore

@Test func stepKeyNamesVariantRepeatAndNode() {
    let step = PlannedStep(seq: 0, name: "allreduce", kind: .nccl, node: "gpu-001",
                           variant: "NCCL_ALGO=Ring", repeatIndex: 2, commands: [])
    #expect(step.key == "allreduce[NCCL_ALGO=Ring]#2@gpu-001")
}

@Test func diagnosticFormatsLikeACompiler() {
    let d = Diagnostic(.warning, line: 12, "row cut mid-line")
    #expect(d.formatted(source: "run.txt") == "run.txt:12: warning: row cut mid-line")
}
