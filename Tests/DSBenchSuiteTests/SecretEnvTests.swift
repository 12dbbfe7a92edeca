import DSBenchCore
@testable import DSBenchSuite
import Foundation
import Testing

/// Env values of secret-looking names never reach the stored suite text, the plan, step keys or
/// argv; `{from_env: NAME}` passes a secret without the suite holding it.
@Suite struct SecretEnvTests {
    static let yaml = """
        suite: secrets
        nodes: gpu-[001-002]
        redact_env: {also: [INTERNAL_], except: [MY_KEYBOARD]}
        defaults:
          nccl_tests_path: [/opt/nccl-tests/build]
          env:
            API_TOKEN: tok-plain-1234        # a comment that stays
            DB_PASSWORD: 'single ''quoted'' 5678'
            AWS_SECRET_ACCESS_KEY: "double \\"quoted\\" 9012"
            NCCL_IB_PKEY: "0x8001"
            MY_KEYBOARD: qwerty
            INTERNAL_ID: internal-3456
            HF_TOKEN: {from_env: HF_SOURCE}
        steps:
          - name: ar
            nccl: all_reduce
            sizes: {min: 8, max: 1K, factor: 2}
            gpus: 1
            placement: all
            launcher: {type: mpirun, ranks_per_node: 2}
            env: {WANDB_API_KEY: flow-7890, LOG_LEVEL: info}
          - name: each
            command: [hostname]
            env:
              PRIVATE_NOTE: |
                block-line-one-1111
                block-line-two-2222
            env_matrix:
              - {AUTH_HEADER: matrix-3333}
        """
    static let values = ["tok-plain-1234", "single 'quoted' 5678", "single ''quoted'' 5678", "double \\\"quoted\\\" 9012",
                         "double \"quoted\" 9012", "internal-3456", "flow-7890", "block-line-one-1111",
                         "block-line-two-2222", "matrix-3333"]

    @Test func namesThatLookSecretAreMarked() throws {
        let loaded = try SuiteLoader.load(text: Self.yaml, file: "s.yaml")
        let secret = Dictionary(uniqueKeysWithValues: loaded.suite.defaults.env.map { ($0.name, $0.secret) })
        #expect(secret == ["API_TOKEN": true, "DB_PASSWORD": true, "AWS_SECRET_ACCESS_KEY": true, "NCCL_IB_PKEY": false,
                           "MY_KEYBOARD": false, "INTERNAL_ID": true, "HF_TOKEN": true])
        #expect(loaded.suite.defaults.env.first { $0.name == "HF_TOKEN" }?.fromEnv == "HF_SOURCE")
        #expect(loaded.suite.defaults.env.first { $0.name == "DB_PASSWORD" }?.value == "single 'quoted' 5678",
                "the run still gets the value")
    }

    @Test func theStoredTextKeepsEverythingButTheSecrets() throws {
        let loaded = try SuiteLoader.load(text: Self.yaml, file: "s.yaml")
        for value in Self.values { #expect(!loaded.storedText.contains(value), "\(value) in\n\(loaded.storedText)") }
        #expect(loaded.storedText.contains("API_TOKEN: '<redacted>'        # a comment that stays"), "\(loaded.storedText)")
        #expect(loaded.storedText.contains("NCCL_IB_PKEY: \"0x8001\"") && loaded.storedText.contains("LOG_LEVEL: info"))
        #expect(loaded.storedText.contains("HF_TOKEN: {from_env: HF_SOURCE}"))
        // It still loads as the same suite, secrets as placeholders.
        let again = try SuiteLoader.load(text: loaded.storedText, file: "stored")
        #expect(again.suite.steps.map(\.name) == loaded.suite.steps.map(\.name))
        #expect(again.suite.defaults.env.first { $0.name == "API_TOKEN" }?.value == "<redacted>")
        #expect(again.suite.defaults.env.first { $0.name == "NCCL_IB_PKEY" }?.value == "0x8001")
    }

    @Test func thePlanShowsNoSecretAndLaunchersPassThemByName() throws {
        let loaded = try SuiteLoader.load(text: Self.yaml, file: "s.yaml")
        let plan = try Planner.plan(loaded.suite)
        let mpirun = plan.steps[0].commands[0].argv
        #expect(mpirun.contains("API_TOKEN") && mpirun.contains("WANDB_API_KEY") && mpirun.contains("HF_TOKEN"), "\(mpirun)")
        #expect(mpirun.contains("NCCL_IB_PKEY=0x8001") && mpirun.contains("LOG_LEVEL=info"), "\(mpirun)")
        let shown = PlanText.render(plan) + (try PlanJSON.encode(plan)) + plan.steps.map(\.key).joined()
        for value in Self.values { #expect(!shown.contains(value), "\(value) shown") }
        #expect(shown.contains("API_TOKEN=<redacted>") || shown.contains("API_TOKEN='<redacted>'"), "\(shown.prefix(3000))")
        #expect(plan.steps.last?.variant == "AUTH_HEADER=<redacted>")
        // The command itself still carries the values (the executor applies them).
        #expect(plan.steps[0].commands[0].env.contains(EnvVar("WANDB_API_KEY", "flow-7890", secret: true)))
        #expect(plan.missingFromEnv(in: [:]) == ["HF_SOURCE"])
        #expect(plan.missingFromEnv(in: ["HF_SOURCE": "x"]).isEmpty)
    }

    @Test func aFromEnvValueMustNameAVariable() {
        let errors = loadErrors("""
            suite: s
            steps:
              - name: a
                command: [true]
                env: {A: {from_env: "not a name"}, B: {from: X}}
            """)
        #expect(errors.contains { $0.contains("steps[0].env.A.from_env: found 'not a name', expected an environment variable name") }, "\(errors)")
        #expect(errors.contains { $0.contains("steps[0].env.B.from: found unknown key 'from'") }, "\(errors)")
        #expect(errors.contains { $0.contains("steps[0].env.B.from_env: found no 'from_env' key") }, "\(errors)")
    }
}
