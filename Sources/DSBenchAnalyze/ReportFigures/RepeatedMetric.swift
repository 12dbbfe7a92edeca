/// Repeats of a step are one series, like busbw: the value the export publishes for a workload
/// metric measured several times.
public enum RepeatedMetric {
    /// The median of the repeats' values; nil when none is finite.
    public static func value(_ repeats: [Double]) -> Double? { Descriptive.median(repeats) }
}
