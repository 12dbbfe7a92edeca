import DSBenchCore
@testable import DSBenchSuite
import Foundation
import Testing

/// Plans are counted before they are expanded: six lines of YAML that plan 10⁹ steps made
/// `validate` run 58 s, reach 3.4 GB and abort (issue 12).
@Suite struct PlanSizeTests {
    static let billion = """
        suite: huge
        nodes: "n[1-100000]"
        steps:
          - name: allreduce
            nccl: all_reduce
            repeat: 10000
        """

    static func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let started = clock.now
        body()
        let elapsed = clock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    @Test func billionStepSuiteFailsValidationFastWithTheCountAndTheKeys() {
        var errors: [String] = []
        // Generous: counting takes milliseconds; expanding took a minute before it died.
        let took = Self.seconds { errors = loadErrors(Self.billion, file: "huge.yaml") }
        #expect(took < 5, "took \(took) s")
        #expect(errors == [
            "huge.yaml:6:5: error: steps[0].repeat: found a plan of 1000000000 planned steps (steps[0] 'allreduce': "
                + "100000 nodes × 10000 repeats × 1 env_matrix variant), expected at most 100000 planned steps "
                + "(defaults.max_planned_steps); lower repeat, env_matrix or nodes, or raise defaults.max_planned_steps",
        ])
    }

    @Test func overflowingCountsSaturateInsteadOfTrapping() throws {
        let suite = try loadSuite(Self.billion.replacingOccurrences(of: "repeat: 10000", with: "repeat: 1"))
        #expect(throws: PlanError.self) { try Planner.plan(suite, overrides: PlanOverrides(repeatCount: .max)) }
        let size = PlanSize.count(suite.steps, nodes: { _ in 100_000 }, repeatOverride: .max)
        #expect(size.total == .max)
        #expect(size.explanation.hasPrefix("more than 9223372036854775807 planned steps"))
    }

    static let small = """
        suite: t
        nodes: "n[1-10]"
        defaults: {max_planned_steps: 500}
        steps:
          - name: ar
            nccl: all_reduce
            repeat: 3
            diagnose: true
            env_matrix: {ring: {NCCL_ALGO: Ring}, tree: {NCCL_ALGO: Tree}}
          - {name: inv, inventory: {}, nodes: "n[1-4]"}
          - {name: job, nccl: all_reduce, placement: all, launcher: {type: mpirun}, repeat: 2}
        """

    @Test func countMatchesTheExpandedPlan() throws {
        let suite = try loadSuite(Self.small)
        let plan = try Planner.plan(suite)
        let size = PlanSize.count(suite.steps, nodes: { ($0.nodes ?? suite.nodes).count })
        // 10 nodes × 2 variants × (3 repeats + 1 diagnose) + 4 + one job × 2 repeats.
        #expect(size.total == 86)
        #expect(plan.steps.count == size.total)
    }

    @Test func limitIsConfigurableAndCommandLineOverridesAreCounted() throws {
        let suite = try loadSuite(Self.small)
        #expect(suite.defaults.maxPlannedSteps == 500)
        #expect(throws: PlanError.self) { try Planner.plan(suite, overrides: PlanOverrides(repeatCount: 100)) }
        do {
            _ = try Planner.plan(suite, overrides: PlanOverrides(repeatCount: 100))
        } catch {
            #expect(error.description.hasPrefix("the plan expands to 2520 planned steps (steps[0] 'ar': 10 nodes × 100 repeats × 2 env_matrix variants"))
            #expect(error.description.hasSuffix("more than the limit of 500; lower --repeat, env_matrix or the nodes, or raise defaults.max_planned_steps"))
        }
        let lowered = Self.small.replacingOccurrences(of: "max_planned_steps: 500", with: "max_planned_steps: 80")
        #expect(loadErrors(lowered).first?.contains("steps[0].repeat: found a plan of 86 planned steps") == true)
        #expect(loadErrors(Self.small.replacingOccurrences(of: "500", with: "0")).first?.contains("defaults.max_planned_steps") == true)
    }

    @Test func defaultLimitIsDocumented() throws {
        #expect(PlanSize.defaultLimit == 100_000)
        let docs = try String(contentsOf: repoRoot.appendingPathComponent("docs/suite-format.md"), encoding: .utf8)
        #expect(docs.contains("max_planned_steps"))
        #expect(docs.contains("100000"))
    }

    /// A hostlist far beyond the cap is refused without being expanded.
    @Test func hugeHostlistIsRefusedWithoutExpanding() {
        var thrown: Hostlist.Error?
        let took = Self.seconds {
            do throws(Hostlist.Error) { _ = try Hostlist.expand("n[1-1000000000]") } catch { thrown = error }
        }
        #expect(took < 1, "took \(took) s")
        #expect(thrown?.message == "more than 100000 hosts")
    }

    /// Reading a hostlist is linear in its length: each character of a bracket used to copy
    /// the whole bracket so far (100 000 listed hosts took 5 s).
    @Test func longHostlistIsReadInLinearTime() throws {
        func list(_ count: Int) -> String { "n[" + (1...count).map(String.init).joined(separator: ",") + "]" }
        var times: [Double] = []
        for count in [25_000, 50_000, 100_000] {
            let expression = list(count)
            var best = Double.infinity
            for _ in 0..<3 { best = min(best, Self.seconds { _ = try? Hostlist.expand(expression) }) }
            times.append(max(best, 0.01))
            #expect(try Hostlist.expand(expression).count == count)
        }
        let perDoubling = (times[2] / times[0]).squareRoot()
        #expect(perDoubling < 3, "\(times)")
    }
}
