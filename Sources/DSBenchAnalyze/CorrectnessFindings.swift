import DSBenchCore
import DSBenchStore

/// Correctness beats speed: wrong elements or a failed bounds check are critical whatever the
/// bandwidth, and whether or not a baseline exists.
public enum CorrectnessFindings {
    public static func of(_ steps: [NcclStepResults]) -> [Finding] {
        var out: [Finding] = []
        for step in steps {
            let wrong = step.points.filter { ($0.outOfPlace.wrong ?? 0) > 0 || ($0.inPlace?.wrong ?? 0) > 0 }
            if let first = wrong.first {
                out.append(Finding(
                    rule: "correctness.wrong", severity: .critical, node: step.node, step: step.stepKey,
                    message: "\(step.stepKey): \(wrong.count) sizes with wrong elements (first at \(first.size) B): "
                        + "results are corrupt; check the GPUs and links of \(step.node) before trusting any number",
                    evidence: "#wrong out-of-place \(first.outOfPlace.wrong ?? 0), in-place \(first.inPlace?.wrong ?? 0) at \(first.size) B",
                    observed: Double((first.outOfPlace.wrong ?? 0) + (first.inPlace?.wrong ?? 0)), expected: 0))
            }
            if step.outOfBoundsOK == false {
                out.append(Finding(
                    rule: "correctness.out-of-bounds", severity: .critical, node: step.node, step: step.stepKey,
                    message: "\(step.stepKey): out-of-bounds check FAILED (\(step.outOfBounds ?? 0) values)",
                    evidence: "# Out of bounds values : \(step.outOfBounds ?? 0) FAILED",
                    observed: step.outOfBounds.map(Double.init), expected: 0))
            }
        }
        return out
    }
}
