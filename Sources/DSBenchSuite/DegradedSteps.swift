import DSBenchCore

/// The steps a suite declares degraded on purpose (`expect: degraded` on a step or an env-matrix
/// variant), as step identities `name[variant]` (`name` for a step without variants; the
/// `<name>.diagnose` step of a degraded variant is degraded too). That is the form of
/// `SeriesKey.step` and of a planned step key (`Finding.step`) before its `#repeat@node`
/// (`PlannedStep.identity(ofKey:)`). Pure; the verdict uses it to judge those steps against their own
/// kind, never as a fault of the machine.
public enum DegradedSteps {
    public static func identities(in suite: Suite) -> Set<String> {
        var identities: Set<String> = []
        for step in suite.steps {
            let variants: [EnvVariant?] = step.envMatrix.isEmpty ? [nil] : step.envMatrix
            for variant in variants where step.expectsDegraded(variant: variant) {
                identities.insert(PlannedStep.identity(name: step.name, variant: variant?.label))
                if case .nccl(let nccl) = step.action, nccl.diagnose {
                    identities.insert(PlannedStep.identity(name: DiagnosePlan.stepName(step.name), variant: variant?.label))
                }
            }
        }
        return identities
    }

    /// From the suite text a run stored (`runs.suite_text`); throws when the text no longer loads
    /// (a newer format, say), so the caller can say so rather than judge the steps as normal.
    public static func identities(suiteText: String, file: String = "stored suite") throws(SuiteLoadError) -> Set<String> {
        identities(in: try SuiteLoader.load(text: suiteText, file: file).suite)
    }
}
