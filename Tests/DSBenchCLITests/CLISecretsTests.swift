import DSBenchTestSupport
import Foundation
import Testing

/// A suite with secrets in its env: the step still receives every value, and neither the database
/// file nor any report, `show` or `plan` output contains one.
@Suite struct CLISecretsTests {
    static let literal = ["tok-Zq81-literal", "pw-Hx27-quoted", "key-Lm55-flow"]
    static let fromEnv = "fromenv-Kp90-secret"

    /// Literal secrets alone (what a suite held before `from_env`), then with a `from_env` one.
    @Test(arguments: [false, true])
    func secretsReachTheStepAndNothingElse(_ withFromEnv: Bool) async throws {
        var cli = try CLI.make("secrets")
        defer { cli.removeScratch() }
        let received = cli.scratch.appendingPathComponent("received.txt")
        let suite = try cli.write("secrets.yaml", """
            suite: secrets
            defaults:
              env:
                API_TOKEN: \(Self.literal[0])
                DB_PASSWORD: "\(Self.literal[1])"
                HF_TOKEN: \(withFromEnv ? "{from_env: HF_SOURCE}" : "unused")
            steps:
              - name: allreduce
                command: [cat, \(Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path)]
                parser: nccl-tests
                env: {WANDB_API_KEY: \(Self.literal[2]), NCCL_DEBUG: WARN}
              - name: receive
                command: [sh, -c, 'printf "%s\\n" "$API_TOKEN" "$DB_PASSWORD" "$WANDB_API_KEY" "$HF_TOKEN" > \(received.path)']
                env: {WANDB_API_KEY: \(Self.literal[2])}
            """)
        if withFromEnv {
            // Without the variable nothing runs.
            let missing = try await cli.run(["run", suite.path])
            #expect(missing.status == 64 && missing.stderr.contains("from_env HF_SOURCE, which is not set"), "\(missing)")
            #expect(!FileManager.default.fileExists(atPath: cli.db.path))
        }
        cli.extraEnvironment["HF_SOURCE"] = Self.fromEnv
        let run = try await cli.run(["run", suite.path])
        #expect(run.status == 0, "\(run)")
        #expect(try String(contentsOf: received, encoding: .utf8)
                == (Self.literal + [withFromEnv ? Self.fromEnv : "unused"]).joined(separator: "\n") + "\n",
                "the step receives every value")

        let out = cli.scratch.appendingPathComponent("report")
        var shown: [String: String] = [:]
        for arguments in [["show", "1"], ["show", "1", "--json"], ["report", "1", "-o", out.path],
                          ["plan", suite.path], ["plan", suite.path, "--json"]] {
            let result = try await cli.run(arguments, withDB: arguments[0] != "plan")
            #expect(result.status == 0, "\(arguments): \(result)")
            shown[arguments.joined(separator: " ")] = result.stdout + result.stderr
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            shown["report/" + name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(shown.keys.contains("report/index.html") && shown.keys.contains("report/report.json")
                && shown.keys.contains("report/report.md"), "\(shown.keys.sorted())")
        for file in [cli.db.path, cli.db.path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            shown[file] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        }
        for (place, text) in shown {
            for secret in Self.literal + [Self.fromEnv] {
                #expect(!text.contains(secret), "\(secret) in \(place)")
            }
        }
        #expect(shown["show 1 --json"]?.contains("<redacted>") == true, "\(shown["show 1 --json"] ?? "")")
        #expect(shown["report/report.json"]?.contains("API_TOKEN: '<redacted>'") == true, "the suite text is kept, redacted")
        #expect(shown["show 1 --json"]?.contains("NCCL_DEBUG") == true, "other env stays in the clear")
    }
}
