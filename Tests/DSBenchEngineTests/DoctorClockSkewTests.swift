import DSBenchCore
import Testing
@testable import DSBenchEngine

/// The clock skew is known only to ± half the probe's round trip; doctor flags a node only when the
/// skew exceeds the limit even at the edge of that error bar.
@Suite struct DoctorClockSkewTests {
    private func judged(skew: Double, roundTrip: Double) -> [String] {
        var readiness = NodeReadiness(node: "gpu-01", reachable: true, problems: [])
        readiness.clockRoundTripSeconds = roundTrip
        let head = 1_795_341_600.0
        NodeDoctor().apply(["clock": String(head + skew), "nvidia_smi": "/usr/bin/nvidia-smi", "driver": "580.95.05",
                            "gpus": "8", "nccl_tests": "/opt/nccl-tests/build/all_reduce_perf",
                            "disk_free_kb": "104857600"],
                           to: &readiness, headClock: head)
        return readiness.problems
    }

    @Test func aLargeSkewOnAFastProbeIsAProblem() {
        #expect(judged(skew: 5, roundTrip: 0.01) == ["clock differs from the head node by +5.00 s"])
        #expect(judged(skew: -1.3, roundTrip: 0.2) == ["clock differs from the head node by -1.30 s"])
    }

    @Test func aSkewWithinHalfTheRoundTripIsNot() {
        // Measured on a loaded 2-core VM: +1.14 s with a 2.3 s round trip, node and head the same machine.
        #expect(judged(skew: 1.14, roundTrip: 2.3) == [])
        #expect(judged(skew: 0.4, roundTrip: 0.001) == [])
    }
}
