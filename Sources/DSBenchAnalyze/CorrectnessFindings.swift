import DSBenchCore

/// Correctness beats speed: wrong elements or a failed bounds check are critical whatever the
/// bandwidth, and whether or not a baseline exists. The check itself is the health rule
/// `nccl.correctness` (one definition); this adapts the comparison's stored points to it.
public enum CorrectnessFindings {
    public static func of(_ steps: [NcclStepResults]) -> [Finding] {
        steps.flatMap { step in
            CorrectnessRules.findings(step: HealthNcclStep(
                key: step.stepKey, name: step.stepName, node: step.node, collective: step.collective,
                rows: step.points.map(row), outOfBounds: step.outOfBounds, outOfBoundsOK: step.outOfBoundsOK))
        }
    }

    private static func row(_ point: NcclPoint) -> NcclTestsRow {
        NcclTestsRow(size: point.size, count: 0, type: point.type, redop: point.redop, root: point.root,
                     outOfPlace: measurement(point.outOfPlace), inPlace: point.inPlace.map(measurement), line: 0)
    }

    private static func measurement(_ m: NcclPointMeasurement) -> NcclTestsMeasurement {
        NcclTestsMeasurement(timeUs: m.timeUs, algbw: m.algbw, busbw: m.busbw, wrong: m.wrong.map(Int64.init))
    }
}
