import DSBenchAnalyze
import DSBenchCore
import Testing

@Suite struct InventoryRuleTests {
    typealias F = HealthFixtures

    /// The capture machine three times, as three nodes of one run; `edit` changes the middle one.
    private func threeNodes(_ edit: (inout HealthGPU) -> Void = { _ in }) throws -> HealthInput {
        var second = try F.gpus(node: "gpu-002")
        for index in second.indices { edit(&second[index]) }
        return HealthInput(gpus: try F.gpus(node: "gpu-001") + second + F.gpus(node: "gpu-003"))
    }

    @Test func identicalNodesAreNotMixed() throws {
        #expect(HealthCheck.run(try threeNodes()) == [])
    }

    @Test func mixedModelsArchitecturesAndVBIOSFire() throws {
        let input = try threeNodes { gpu in
            gpu.name = "NVIDIA H100 80GB HBM3"; gpu.vbiosVersion = "96.00.99.00.01"
            if gpu.index == 0 { gpu.computeCap = "8.0" }
        }
        let findings = F.findings(input, rule: "inventory.mixed_gpus")
        #expect(findings.map(\.message) == [
            "model differs within the run: NVIDIA H100 80GB HBM3 on gpu-002 while most have NVIDIA H200",
            "compute capability differs within the run: 8.0 on gpu-002 while most have 9.0",
            "VBIOS differs within the run: 96.00.99.00.01 on gpu-002 while most have 96.00.A5.00.1A",
        ])
        #expect(findings.first?.node == "gpu-002")
        #expect(findings.first?.evidence == "NVIDIA H200: 16 GPUs (gpu-001, gpu-003); NVIDIA H100 80GB HBM3: 8 GPUs (gpu-002)")
    }

    @Test func mixedDriverCUDAAndNCCLFire() throws {
        var input = try threeNodes { $0.driverVersion = "570.86.15" }
        input.facts = [HealthFact(node: "gpu-001", key: "cuda_version", value: "13.0"),
                       HealthFact(node: "gpu-002", key: "cuda_version", value: "12.8"),
                       HealthFact(node: "gpu-003", key: "cuda_version", value: "13.0"),
                       HealthFact(node: "gpu-001", key: "nccl_version", value: "2.28.9"),
                       HealthFact(node: "gpu-002", key: "nccl_version", value: "2.28.9"),
                       HealthFact(node: "gpu-003", key: "nccl_version", value: "2.27.3")]
        let findings = F.findings(input, rule: "inventory.mixed_software")
        #expect(findings.map(\.message) == [
            "driver differs within the run: 570.86.15 on gpu-002 while most have 580.159.04",
            "CUDA differs within the run: 12.8 on gpu-002 while most have 13.0",
            "NCCL differs within the run: 2.27.3 on gpu-003 while most have 2.28.9",
        ])
        #expect(findings.first?.evidence == "580.159.04: 2 nodes (gpu-001, gpu-003); 570.86.15: 1 nodes (gpu-002)")
        // Two nodes, one value each: no majority to call normal, so both are named.
        let pair = HealthInput(facts: [HealthFact(node: "a", key: "cuda_version", value: "13.0"),
                                       HealthFact(node: "b", key: "cuda_version", value: "12.8")])
        #expect(F.findings(pair, rule: "inventory.mixed_software").map(\.message)
                == ["CUDA differs within the run: 13.0 on a, 12.8 on b"])
        // Same versions everywhere: nothing.
        input.facts.removeAll { $0.key == "cuda_version" }
        #expect(F.findings(try threeNodes(), rule: "inventory.mixed_software") == [])
    }

    @Test func pcieWidthBelowMaxFires() throws {
        var input = try F.input()
        #expect(F.findings(input, rule: "pcie.link_degraded") == [])   // gen5 x16 of gen5 x16 on all eight
        input.gpus[4].pcieWidthCurrent = 8
        let findings = F.findings(input, rule: "pcie.link_degraded")
        #expect(findings.map(\.message) == ["GPU 4 on vm runs its PCIe link at x8 instead of x16"])
        #expect(findings.first?.evidence == "pcie.link gen5 x8 of gen5 x16 at 00000000:00:0A.0")
        #expect(findings.first?.gpu == 4)
    }

    @Test func pcieGenerationIsJudgedUnderLoadOnly() throws {
        var input = try F.input()
        input.gpus[2].pcieGenCurrent = 1   // an idle link trained down: normal
        #expect(F.findings(input, rule: "pcie.link_degraded") == [])
        input.gpus[2].pcieGenCurrent = 3
        input.gpus[2].utilizationPercent = 100
        #expect(F.findings(input, rule: "pcie.link_degraded").map(\.message)
                == ["GPU 2 on vm runs its PCIe link at gen3 instead of gen5 under load"])
    }

    @Test func correctnessIsCritical() throws {
        var report = try F.report("b_all_reduce_8-8G_r1.txt")
        #expect(CorrectnessRules.findings(report: report, step: "ar", node: "vm") == [])
        report.rows[20].inPlace?.wrong = 3
        report.outOfBoundsOK = false
        report.outOfBounds = 1
        let input = try F.input(nccl: [HealthNcclStep(key: "ar#0@vm", name: "ar", node: "vm", report: report)])
        let findings = F.findings(input, rule: "nccl.correctness")
        #expect(findings.map(\.message) == ["1 sizes with wrong elements (first at 8388608 B)",
                                            "out-of-bounds check FAILED (1 values)"])
        #expect(findings.allSatisfy { $0.severity == .critical })
        #expect(findings.first?.evidence == "line \(report.rows[20].line): size 8388608 B, #wrong out-of-place 0, in-place 3; 3 wrong elements in all")
        // Critical findings sort first.
        #expect(HealthCheck.run(input).first?.rule == "nccl.correctness")
    }
}
