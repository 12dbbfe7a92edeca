import DSBenchAnalyze
import DSBenchTestSupport
import DSBenchCore
import Testing

/// dmon rules on the real capture taken during an 8-GPU all_reduce, and on edited copies of it.
@Suite struct DmonRuleTests {
    typealias F = HealthFixtures

    private func run(_ text: String, expectBusy: Bool = false, rule: String) throws -> [Finding] {
        F.findings(try F.input(dmon: [F.dmon(text, expectBusy: expectBusy)]), rule: rule)
    }

    @Test func theRealCaptureOfAnNCCLStepHasNoFinding() throws {
        // 184 samples of 8 GPUs: peak 42 C, clocks at 1980 MHz under load, 26 GB of 141 GB, no errors.
        #expect(HealthCheck.run(try F.input(dmon: [try F.realDmon()])) == [])
    }

    @Test func lowUtilisationFiresOnlyWhereGPUsShouldBeBusy() throws {
        let text = try Fixtures.h200(F.dmonCapture)
        // As the dmon of a workload step, the all_reduce sweep's mostly idle SMs (median 0 % on every GPU, 23 samples each) are low.
        let low = try run(text, expectBusy: true, rule: "gpu.low_util")
        #expect(low.map(\.gpu) == [0, 1, 2, 3, 4, 5, 6, 7])
        let gpu0 = try #require(low.first)
        #expect(gpu0.message.hasPrefix("GPU 0 on vm was ") && gpu0.message.hasSuffix(" % busy (median SM) during f_all_reduce#0@vm, below 30 %"))
        #expect(gpu0.evidence.contains("samples below 30 % SM (2026-11-22 09:48:45 – "))
        // The same capture with busy SMs: no finding.
        let busy = try F.editedDmon { _ in ["sm": "95"] }
        #expect(try run(busy, expectBusy: true, rule: "gpu.low_util") == [])
        // Too few samples to call it sustained.
        let short = HealthSettings(thresholds: ["util.min_samples": 1000])
        #expect(F.findings(try F.input(dmon: [F.dmon(text, expectBusy: true)], settings: short), rule: "gpu.low_util") == [])
    }

    @Test func hotGPUFires() throws {
        let hot = try F.editedDmon { t in t["gpu"] == "3" && t["time"] == "09:49:05" ? ["gtemp": "92", "mtemp": "97"] : [:] }
        let findings = try run(hot, rule: "gpu.temperature")
        #expect(findings.map(\.message) == [
            "GPU 3 on vm reached 92 °C (GPU) during f_all_reduce#0@vm, over 85 °C",
            "GPU 3 on vm reached 97 °C (memory) during f_all_reduce#0@vm, over 95 °C",
        ])
        #expect(findings.first?.evidence == "gtemp 92 C at 2026-11-22 09:49:05")
        #expect(try run(try Fixtures.h200(F.dmonCapture), rule: "gpu.temperature") == [])
    }

    @Test func throttledClocksAndPowerCappingFire() throws {
        // Under load (SM ≥ 50 %) the clock drops to 1200 MHz with power capping.
        let throttled = try F.editedDmon { t in
            (Double(t["sm"] ?? "") ?? 0) >= 50 ? ["pclk": "1200", "pviol": "35"] : [:]
        }
        let clocks = try run(throttled, rule: "gpu.clocks_throttled")
        #expect(clocks.map(\.gpu) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(clocks.first?.message == "GPU 0 on vm ran at 1200 MHz under load during f_all_reduce#0@vm, 60.6 % of its 1980 MHz maximum")
        #expect(clocks.first?.observed == 1200 && clocks.first?.expected == 1980)
        let power = try run(throttled, rule: "gpu.violation")
        #expect(power.count == 8 && power.allSatisfy { $0.message.contains("was power-capped") })
        // Idle clocks of 345 MHz in the real capture are not throttling: no load then.
        #expect(try run(try Fixtures.h200(F.dmonCapture), rule: "gpu.clocks_throttled") == [])
        #expect(try run(try Fixtures.h200(F.dmonCapture), rule: "gpu.violation") == [])
    }

    /// Found on the lent H200 (session 8): gpu_micro's GEMM at its power limit, median SM clock
    /// 1538 MHz of 1980, 100 % of the model's TFLOP/s. On a workload step power-capped samples are
    /// not throttling; uncapped low clocks, and any step of another kind, still are.
    @Test func aWorkloadAtItsPowerLimitIsNotThrottledButAnUncappedLowClockIs() throws {
        let capped = try F.editedDmon { t in
            (Double(t["sm"] ?? "") ?? 0) >= 50 ? ["pclk": "1540", "pviol": "35"] : [:]
        }
        var workload = F.dmon(capped, expectBusy: true)
        workload.kind = "workload"
        #expect(F.findings(try F.input(dmon: [workload]), rule: "gpu.clocks_throttled") == [])
        var nccl = F.dmon(capped, expectBusy: false)
        nccl.kind = "nccl"
        #expect(F.findings(try F.input(dmon: [nccl]), rule: "gpu.clocks_throttled").count == 8)
        let uncapped = try F.editedDmon { t in
            (Double(t["sm"] ?? "") ?? 0) >= 50 ? ["pclk": "1540", "pviol": "0"] : [:]
        }
        var slow = F.dmon(uncapped, expectBusy: true)
        slow.kind = "workload"
        #expect(F.findings(try F.input(dmon: [slow]), rule: "gpu.clocks_throttled").count == 8)
    }

    @Test func aWorkloadAtItsPowerLimitIsNotFlaggedButItsThermalViolationsAre() throws {
        let capped = try F.editedDmon { t in
            var edits: [String: String] = (Double(t["sm"] ?? "") ?? 0) >= 50 ? ["pviol": "35"] : [:]
            if t["gpu"] == "6" && t["time"] == "09:49:11" { edits["tviol"] = "1" }
            return edits
        }
        var workload = F.dmon(capped, expectBusy: true)
        workload.kind = "workload"
        let findings = F.findings(try F.input(dmon: [workload]), rule: "gpu.violation")
        #expect(findings.map(\.message) == ["GPU 6 on vm hit thermal violations during f_all_reduce#0@vm (1 samples)"])
        var nccl = F.dmon(capped, expectBusy: false)
        nccl.kind = "nccl"
        #expect(F.findings(try F.input(dmon: [nccl]), rule: "gpu.violation").filter { $0.message.contains("power-capped") }.count == 8)
    }

    @Test func thermalViolationFires() throws {
        let thermal = try F.editedDmon { t in t["gpu"] == "6" && t["time"] == "09:49:11" ? ["tviol": "1"] : [:] }
        let findings = try run(thermal, rule: "gpu.violation")
        #expect(findings.map(\.message) == ["GPU 6 on vm hit thermal violations during f_all_reduce#0@vm (1 samples)"])
        #expect(findings.first?.evidence == "tviol 1 at 2026-11-22 09:49:11, gtemp 40 C")
    }

    @Test func memoryAboveNinetyPercentFires() throws {
        let full = try F.editedDmon { t in t["gpu"] == "5" && t["fb"] == "25969" ? ["fb": "140000"] : [:] }
        let findings = try run(full, rule: "gpu.memory_high")
        #expect(findings.map(\.message) == ["GPU 5 on vm used 97.4 % of its memory during f_all_reduce#0@vm"])
        #expect(findings.first?.evidence.hasPrefix("fb 140000 MiB of 143771 MiB at 2026-11-22 ") == true)
        #expect(try run(try Fixtures.h200(F.dmonCapture), rule: "gpu.memory_high") == [])
        // Without an inventory the share is unknown: no finding rather than a guess.
        var input = try F.input(dmon: [F.dmon(full, expectBusy: false)])
        input.gpus = []
        #expect(F.findings(input, rule: "gpu.memory_high") == [])
    }

    @Test func risingECCAndPCIeReplayCountersFire() throws {
        let rising = try F.editedDmon { t in
            guard let time = t["time"], time >= "09:49:00" else { return [:] }
            switch t["gpu"] {
            case "2": return ["pci": "5"]
            case "6": return ["dbecc": "1"]
            default: return [:]
            }
        }
        let findings = try run(rising, rule: "gpu.errors_rising")
        #expect(findings.map(\.message) == ["double-bit ECC errors rose on GPU 6 on vm during f_all_reduce#0@vm",
                                            "PCIe replay errors rose on GPU 2 on vm during f_all_reduce#0@vm"])
        #expect(findings.map(\.severity) == [.critical, .warning])
        #expect(findings.last?.evidence == "pci 0 at 2026-11-22 09:48:45 → 5 at 2026-11-22 09:49:00")
        // A counter that stays at a constant non-zero value is old damage, not rising.
        let constant = try F.editedDmon { t in t["gpu"] == "2" ? ["sbecc": "7"] : [:] }
        #expect(try run(constant, rule: "gpu.errors_rising") == [])
    }
}


@Suite struct BusyStepDefaultTests {
    @Test func workloadAndCommandStepsAreBusyNcclSweepsAreNot() {
        #expect(HealthInputLoader.expectsBusyGPUs(name: "train", kind: "workload", argv: [], busySteps: nil))
        #expect(HealthInputLoader.expectsBusyGPUs(name: "job", kind: "command", argv: ["python3", "x.py"], busySteps: nil))
        #expect(!HealthInputLoader.expectsBusyGPUs(name: "ingested", kind: "command", argv: [], busySteps: nil))
        #expect(!HealthInputLoader.expectsBusyGPUs(name: "ar", kind: "nccl", argv: ["all_reduce_perf"], busySteps: nil))
        #expect(HealthInputLoader.expectsBusyGPUs(name: "ar", kind: "nccl", argv: [], busySteps: ["ar"]))
        #expect(!HealthInputLoader.expectsBusyGPUs(name: "train", kind: "workload", argv: [], busySteps: ["other"]))
    }
}
