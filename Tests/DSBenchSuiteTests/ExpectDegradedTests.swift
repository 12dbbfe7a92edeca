import DSBenchCore
@testable import DSBenchSuite
import Foundation
import Testing

/// `expect: degraded` on a step or an env-matrix variant: decoded, carried into every planned step
/// of it (`PlannedStep.expectDegraded`), shown by `plan`, and listed by `DegradedSteps`.
@Suite struct ExpectDegradedTests {
    static let suite = """
        suite: t
        nodes: [a, b]
        steps:
          - name: p2p
            nccl: all_reduce
            repeat: 2
            diagnose: true
            env_matrix:
              on: {}
              off: {env: {NCCL_P2P_DISABLE: "1"}, expect: degraded}
          - name: socket
            nccl: all_reduce
            expect: degraded
            env: {NCCL_P2P_DISABLE: "1", NCCL_SHM_DISABLE: "1"}
          - name: protocols
            nccl: all_reduce
            expect: degraded
            env_matrix:
              - {NCCL_PROTO: LL}
              - {env: {NCCL_PROTO: Simple}, expect: normal}
          - name: inventory
            inventory: {}
        """

    @Test func decodesOnStepsAndOnVariantsInBothForms() throws {
        let steps = try loadSuite(Self.suite).steps
        #expect(steps.map(\.expect) == [.normal, .degraded, .degraded, .normal])
        #expect(steps[0].envMatrix == [EnvVariant(label: "on", env: []),
                                       EnvVariant(label: "off", env: [EnvVar("NCCL_P2P_DISABLE", "1")], expect: .degraded)])
        #expect(steps[2].envMatrix == [EnvVariant(label: "NCCL_PROTO=LL", env: [EnvVar("NCCL_PROTO", "LL")]),
                                       EnvVariant(label: "NCCL_PROTO=Simple", env: [EnvVar("NCCL_PROTO", "Simple")], expect: .normal)])
        // A variant's own expect wins over the step's.
        #expect(steps[2].expectsDegraded(variant: steps[2].envMatrix[0]))
        #expect(!steps[2].expectsDegraded(variant: steps[2].envMatrix[1]))
        #expect(!steps[0].expectsDegraded(variant: nil) && steps[1].expectsDegraded(variant: nil))
    }

    @Test func everyPlannedStepOfADegradedVariantCarriesIt() throws {
        let plan = try Planner.plan(try loadSuite(Self.suite))
        let degraded = plan.steps.filter(\.expectDegraded).map(\.key)
        #expect(degraded == [
            "p2p[off]#0@a", "p2p[off]#0@b", "p2p[off]#1@a", "p2p[off]#1@b", "p2p.diagnose[off]#0@a", "p2p.diagnose[off]#0@b",
            "socket#0@a", "socket#0@b", "protocols[NCCL_PROTO=LL]#0@a", "protocols[NCCL_PROTO=LL]#0@b",
        ])
        let off = try #require(plan.steps.first { $0.key == "p2p[off]#0@a" })
        #expect(off.variantEnv == [EnvVar("NCCL_P2P_DISABLE", "1")])
        #expect(off.commands[0].env == [EnvVar("NCCL_P2P_DISABLE", "1")])
        #expect(plan.steps.first { $0.key == "p2p[on]#0@a" }?.expectDegraded == false)
        #expect(plan.steps.first { $0.key == "inventory#0@a" }?.expectDegraded == false)
    }

    @Test func planTextAndJSONShowIt() throws {
        let plan = try Planner.plan(try loadSuite(Self.suite))
        let text = PlanText.render(plan)
        #expect(text.contains("] p2p[off]#0@a  nccl  expect: degraded (judged against its own kind, not as a fault of the machine)\n"))
        #expect(text.contains("] p2p[on]#0@a  nccl\n"))
        let json = try PlanJSON.encode(plan)
        let steps = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps.map { $0["expectDegraded"] as? Bool } == plan.steps.map { Optional($0.expectDegraded) })
        #expect(try PlanJSON.decode(json) == plan)
    }

    @Test func degradedStepsAreNamedAsSeriesAndFindingsNameThem() throws {
        let suite = try loadSuite(Self.suite)
        let identities = DegradedSteps.identities(in: suite)
        #expect(identities == ["p2p[off]", "p2p.diagnose[off]", "socket", "protocols[NCCL_PROTO=LL]"])
        // The same set as the plan's, whatever the repeats and nodes.
        let plan = try Planner.plan(suite)
        #expect(Set(plan.steps.filter(\.expectDegraded).map(\.identity)) == identities)
        #expect(Set(plan.steps.filter(\.expectDegraded).map { PlannedStep.identity(ofKey: $0.key) }) == identities)
        #expect(try DegradedSteps.identities(suiteText: Self.suite) == identities)
        #expect(throws: SuiteLoadError.self) { try DegradedSteps.identities(suiteText: "suite: [") }
    }

    @Test(arguments: [
        ("p2p[off]#1@gpu-001", "p2p[off]"), ("socket#0@local", "socket"), ("ar.diagnose#0@a", "ar.diagnose"),
        ("x[A=a#b]#2@n", "x[A=a#b]"), ("e_p2p_disable.txt#0@vm", "e_p2p_disable.txt"), ("plain", "plain"),
    ])
    func identityOfAKeyIsTheNameAndVariant(_ key: String, _ identity: String) {
        #expect(PlannedStep.identity(ofKey: key) == identity)
    }

    @Test func badValuesNameTheirLineAndColumn() {
        #expect(loadErrors("suite: t\nsteps:\n  - nccl: all_reduce\n    expect: slow\n")
                == ["bad.yaml:4:13: error: steps[0].expect: found 'slow', expected an expectation: normal, degraded"])
        let variant = loadErrors("""
            suite: t
            steps:
              - nccl: all_reduce
                env_matrix:
                  off: {env: {NCCL_P2P_DISABLE: "1"}, expect: degradd}
            """)
        #expect(variant == ["bad.yaml:5:51: error: steps[0].env_matrix.off.expect: found 'degradd', "
            + "expected an expectation: normal, degraded; did you mean 'degraded'?"])
        let stray = loadErrors("""
            suite: t
            steps:
              - nccl: all_reduce
                env_matrix:
                  - {env: {NCCL_PROTO: LL}, expect: degraded, NCCL_ALGO: Ring}
            """)
        #expect(stray.count == 1)
        #expect(stray.first?.hasPrefix("bad.yaml:5:51: error: steps[0].env_matrix[0].NCCL_ALGO: found unknown key 'NCCL_ALGO', "
            + "expected one of the long-form variant keys: env, expect") == true, "\(stray)")
        #expect(loadErrors("suite: t\nsteps:\n  - nccl: all_reduce\n    env_matrix:\n      off: {env: off}\n")
                == ["bad.yaml:5:18: error: steps[0].env_matrix.off.env: found 'off', expected a mapping of NAME: value"])
    }
}
