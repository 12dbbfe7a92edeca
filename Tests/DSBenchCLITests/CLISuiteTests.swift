import Foundation
import Testing

/// `dsbench validate` / `plan` on the shipped suites and on broken ones: nothing runs, and every
/// problem names `file:line:column`.
@Suite struct CLISuiteTests {
    static let shipped = [
        "Suites/smoke.yaml", "Suites/nightly.yaml", "Suites/quarterly.yaml",
        "Suites/examples/commands.yaml", "Suites/examples/multinode.yaml", "Suites/examples/nccl-options.yaml",
    ]

    @Test(arguments: shipped)
    func shippedSuiteValidatesAndPlans(_ suite: String) async throws {
        let cli = try CLI.make("shipped")
        defer { cli.removeScratch() }
        let validate = try await cli.run(["validate", suite], withDB: false, cwd: CLI.repoRoot)
        #expect(validate.status == 0, "\(validate)")
        // "<path>: ok — suite 'name', N planned steps on M node(s)"
        let line = try #require(validate.lastStdoutLine)
        #expect(line.hasPrefix(CLI.repoRoot.appendingPathComponent(suite).path + ": ok — suite '"), "\(validate)")
        let counts = line.split(separator: ",").last?.split(separator: " ").compactMap { Int($0) } ?? []
        #expect(counts.count == 2, "\(line)")

        let plan = try await cli.run(["plan", suite], withDB: false, cwd: CLI.repoRoot)
        #expect(plan.status == 0, "\(plan)")
        #expect(!plan.stdout.isEmpty)

        let planJSON = try await cli.run(["plan", suite, "--json"], withDB: false, cwd: CLI.repoRoot)
        #expect(planJSON.status == 0, "\(planJSON)")
        let json = try #require(try parseJSON(planJSON.stdout) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let nodes = try #require(json["nodes"] as? [String])
        #expect([steps.count, nodes.count] == counts, "plan --json agrees with validate: \(line)")
        for step in steps {
            let commands = try #require(step["commands"] as? [[String: Any]], "\(step)")
            #expect(!commands.isEmpty)
            for command in commands {
                let argv = command["argv"] as? [String] ?? []
                #expect(!argv.isEmpty, "every planned command has an argv array: \(command)")
            }
        }
        // Nothing was run or stored.
        #expect(!FileManager.default.fileExists(atPath: cli.db.path))
    }

    /// quarterly's no_p2p variants are declared degraded; `plan` says so in text and JSON.
    @Test func quarterlyPlanMarksTheDegradedVariants() async throws {
        let cli = try CLI.make("quarterly-plan")
        defer { cli.removeScratch() }
        let text = try await cli.run(["plan", "Suites/quarterly.yaml"], withDB: false, cwd: CLI.repoRoot)
        #expect(text.status == 0, "\(text)")
        let marked = text.stdoutLines.filter { $0.hasSuffix("  expect: degraded (judged against its own kind, not as a fault of the machine)") }
        #expect(marked.count == 5 && marked.allSatisfy { $0.contains("[no_p2p]#") }, "\(marked)")
        let json = try await cli.run(["plan", "Suites/quarterly.yaml", "--json"], withDB: false, cwd: CLI.repoRoot)
        let steps = try #require((try parseJSON(json.stdout) as? [String: Any])?["steps"] as? [[String: Any]])
        let degraded = steps.filter { $0["expectDegraded"] as? Bool == true }.compactMap { $0["variant"] as? String }
        #expect(degraded == Array(repeating: "no_p2p", count: 5))
        #expect(steps.allSatisfy { $0["expectDegraded"] is Bool })
    }

    @Test func smokePlanHasTheGPUPlaceholderAsTwoElements() async throws {
        let cli = try CLI.make("smoke-plan")
        defer { cli.removeScratch() }
        let plan = try await cli.run(["plan", "smoke", "--json"], withDB: false, cwd: CLI.repoRoot)
        #expect(plan.status == 0, "\(plan)")
        let steps = try #require((try parseJSON(plan.stdout) as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps.count == 2)
        let allReduce = try #require(steps.last?["commands"] as? [[String: Any]])
        let argv = try #require(allReduce.first?["argv"] as? [String])
        #expect(argv.first == "all_reduce_perf")
        #expect(Array(argv.prefix(9)) == ["all_reduce_perf", "-b", "8", "-e", "134217728", "-f", "2", "-g", "{gpus}"])
    }

    /// `suites/…` (lower case) resolves to `Suites/…` on a case-sensitive file system.
    @Test func caseInsensitiveSuiteFolder() async throws {
        let cli = try CLI.make("case")
        defer { cli.removeScratch() }
        let validate = try await cli.run(["validate", "suites/smoke.yaml"], withDB: false, cwd: CLI.repoRoot)
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.stdout.contains("Suites/smoke.yaml: ok — suite 'smoke', 2 planned steps on 1 node(s)"), "\(validate)")
        let bare = try await cli.run(["validate", "smoke"], withDB: false, cwd: CLI.repoRoot)
        #expect(bare.status == 0, "\(bare)")

        let missing = try await cli.run(["validate", "suites/no-such-suite.yaml"], withDB: false, cwd: CLI.repoRoot)
        #expect(missing.status == 64, "\(missing)")
        #expect(missing.stderr.contains("suites/no-such-suite.yaml: no such suite file"), "\(missing)")
    }

    @Test func schemaHelpAndVersion() async throws {
        let cli = try CLI.make("schema")
        defer { cli.removeScratch() }
        let schema = try await cli.run(["schema"], withDB: false)
        #expect(schema.status == 0, "\(schema)")
        let json = try #require(try parseJSON(schema.stdout) as? [String: Any])
        #expect(((json["properties"] as? [String: Any])?.keys).map(Set.init)?.isSuperset(of: ["suite", "steps"]) == true,
                "\(schema.stdout.prefix(500))")

        let help = try await cli.run(["--help"], withDB: false)
        #expect(help.status == 0, "\(help)")
        for line in ["64   usage or suite error", "75   another run holds the lock", "130  interrupted (Ctrl-C)", "DSBENCH_DB"] {
            #expect(help.stdout.contains(line), "--help documents \(line)")
        }
        let version = try await cli.run(["--version"], withDB: false)
        #expect(version.status == 0, "\(version)")
        #expect(version.stdout.split(separator: ".").count == 3, "\(version)")

        let unknown = try await cli.run(["frobnicate"], withDB: false)
        #expect(unknown.status == 64, "\(unknown)")
    }

    @Test func runOptionErrorsExit64BeforeAnythingRuns() async throws {
        let cli = try CLI.make("run-options")
        defer { cli.removeScratch() }
        let suite = try cli.write("ok.yaml", "suite: ok\nsteps:\n  - name: hello\n    command: [echo, hi]\n")
        let cases: [([String], String)] = [
            (["--repeat", "0"], "--repeat must be at least 1 (got 0)"),
            (["--only", "helo"], "no step named 'helo'"),
            (["--label", "nokeyvalue"], "--label expects key=value (got 'nokeyvalue')"),
        ]
        for (options, message) in cases {
            let result = try await cli.run(["run", suite.path] + options)
            #expect(result.status == 64, "\(options): \(result)")
            #expect(result.stderr.contains(message), "\(options): \(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.db.path), "nothing was run or stored")

        let labelled = try await cli.run(["run", suite.path, "--label", "site=lab 2", "--label", "ticket=OPS-1"])
        #expect(labelled.status == 0, "\(labelled)")
        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT labels FROM runs") == [#"{"site":"lab 2","ticket":"OPS-1"}"#])
    }

    struct BadSuite: Sendable, CustomStringConvertible {
        var name: String
        var yaml: String
        /// `line:column: error: ` that must follow the file name.
        var position: String
        /// Words the message must hold.
        var mentions: [String]
        var description: String { name }
    }

    static let badSuites: [BadSuite] = [
        BadSuite(name: "typo-key", yaml: "suite: t\nsteps:\n  - name: ar\n    nccl: all_reduce\n    szes: {min: 8, max: 1M}\n",
                 position: "5:5", mentions: ["steps[0].szes", "unknown key 'szes'", "did you mean 'sizes'?"]),
        BadSuite(name: "negative-size", yaml: "suite: t\nsteps:\n  - name: ar\n    nccl: all_reduce\n    sizes: {min: -8, max: 1M}\n",
                 position: "5:18", mentions: ["steps[0].sizes.min", "found '-8'"]),
        BadSuite(name: "min-above-max", yaml: "suite: t\nsteps:\n  - name: ar\n    nccl: all_reduce\n    sizes: {min: 1G, max: 8M}\n",
                 position: "5:27", mentions: ["steps[0].sizes.max", "below min 1G", "expected max ≥ min"]),
        BadSuite(name: "unknown-test", yaml: "suite: t\nsteps:\n  - name: ar\n    nccl: all_redcue\n",
                 position: "4:11", mentions: ["steps[0].nccl", "found 'all_redcue'", "did you mean 'all_reduce'?"]),
        BadSuite(name: "duplicate-step", yaml: "suite: t\nsteps:\n  - name: ar\n    nccl: all_reduce\n  - name: ar\n    command: [echo]\n",
                 position: "5:11", mentions: ["steps[1].name", "found step name 'ar' again", "line 3"]),
        BadSuite(name: "yaml-syntax", yaml: "suite: t\nsteps:\n  - name: ar\n     command: [echo]\n",
                 position: "4:13", mentions: ["found invalid YAML", "expected well-formed YAML"]),
        BadSuite(name: "tab-indent", yaml: "suite: t\nsteps:\n\t- name: ar\n",
                 position: "3:1", mentions: ["found invalid YAML", "tabs"]),
    ]

    @Test(arguments: badSuites)
    func badSuiteExits64WithFileLineColumn(_ bad: BadSuite) async throws {
        let cli = try CLI.make("bad-\(bad.name)")
        defer { cli.removeScratch() }
        let file = try cli.write("\(bad.name).yaml", bad.yaml)
        for command in ["validate", "plan", "run"] {
            let result = try await cli.run([command, file.path], withDB: command == "run")
            #expect(result.status == 64, "\(command): \(result)")
            #expect(result.stdout.isEmpty, "\(command) prints nothing on stdout: \(result)")
            let errorLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(errorLine.hasPrefix("\(file.path):\(bad.position): error: "), "\(command): \(result)")
            for word in bad.mentions {
                #expect(errorLine.contains(word), "\(command) should mention \(word): \(result)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: cli.db.path), "a bad suite never opens the database")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() async throws {
        let cli = try CLI.make("bad-many")
        defer { cli.removeScratch() }
        let file = try cli.write("many.yaml", """
            suite: t
            steps:
              - name: ar
                nccl: all_reduce
                szes: {min: 8, max: 1M}
              - name: bc
                nccl: broadcst
            """)
        let result = try await cli.run(["validate", file.path], withDB: false)
        #expect(result.status == 64, "\(result)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(file.path):5:5: error: steps[0].szes") }, "\(result)")
        #expect(lines.contains { $0.hasPrefix("\(file.path):7:11: error: steps[1].nccl") }, "\(result)")
    }
}
