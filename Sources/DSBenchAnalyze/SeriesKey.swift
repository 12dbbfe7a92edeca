import DSBenchCore

/// Which way a metric improves: declared with the metric, never guessed from the data. The raw
/// values are those of the `metrics.direction` column (`higher`, `lower`).
public enum ImprovementDirection: String, Sendable, Codable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
}

/// Identity of a metric series across runs: step, collective, type/op/root, node (or node group)
/// and hardware class. The size is kept apart (a series is a curve over sizes).
///
/// The step name takes part only when both sides ran a suite: an ingested log's step is named after
/// its file, which differs between two captures of the same test.
public struct SeriesKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The planned step's name; empty when step names take no part (ingested logs).
    public let stepName: String
    /// The step's env variant, nil for none.
    public let variant: String?
    /// The planned step as findings and checks name it: `name` or `name[variant]` (`PlannedStep.identity`);
    /// empty for ingested logs. Kept, not recomputed: keys are sorted and hashed by the thousand.
    public let step: String
    public var collective: String
    public var type: String
    public var redop: String
    public var root: Int
    public var node: String
    /// `8 × NVIDIA H200`, or `?` when nccl-tests listed no devices.
    public var hardware: String

    public init(stepName: String, variant: String? = nil, collective: String, type: String, redop: String, root: Int,
                node: String, hardware: String) {
        self.stepName = stepName; self.variant = variant; self.collective = collective; self.type = type; self.redop = redop
        self.root = root; self.node = node; self.hardware = hardware
        step = stepName.isEmpty ? "" : PlannedStep.identity(name: stepName, variant: variant)
    }

    /// The step whose `regression:` tolerances apply; nil for ingested logs.
    public var toleranceStep: String? { stepName.isEmpty ? nil : stepName }

    /// The key of a point of `step`; `matchStepNames` false drops the step name (ingested logs).
    public static func of(_ step: NcclStepResults, _ point: NcclPoint, matchStepNames: Bool) -> SeriesKey {
        SeriesKey(stepName: matchStepNames ? step.stepName : "", variant: matchStepNames ? step.variant : nil,
                  collective: step.collective ?? "?", type: point.type, redop: point.redop, root: point.root,
                  node: step.node, hardware: hardwareClass(step))
    }

    public static func hardwareClass(_ step: NcclStepResults) -> String {
        guard let model = step.gpuModel else { return "?" }
        return "\(step.ranks ?? 0) × \(model)"
    }

    /// The same series on another node: fleet checks compare these across nodes.
    public var withoutNode: SeriesKey {
        var copy = self
        copy.node = "*"
        return copy
    }

    public var description: String {
        var parts: [String] = []
        if !step.isEmpty { parts.append(step) }
        parts.append("\(collective) \(type)/\(redop)" + (root >= 0 ? " root \(root)" : ""))
        parts.append("on \(node)")
        parts.append("(\(hardware))")
        return parts.joined(separator: " ")
    }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        if (a.step, a.collective, a.type, a.redop) != (b.step, b.collective, b.type, b.redop) {
            return (a.step, a.collective, a.type, a.redop) < (b.step, b.collective, b.type, b.redop)
        }
        return (a.root, a.node, a.hardware) < (b.root, b.node, b.hardware)
    }
}
