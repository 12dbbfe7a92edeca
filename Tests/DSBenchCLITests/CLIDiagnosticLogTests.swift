import DSBenchTestSupport
import Foundation
import Testing

/// `DSBENCH_LOG` turns on the libraries' swift-log lines on stderr; without it a run prints none.
@Suite struct CLIDiagnosticLogTests {
    static let suite = """
        suite: log
        nodes: [local]
        steps:
          - name: hello
            command: [sh, -c, "echo hi"]
            captures: []
        """

    @Test func debugLevelShowsEachProcessStartAndEnd() async throws {
        var cli = try CLI.make("log-debug")
        defer { cli.removeScratch() }
        let suite = try cli.write("suite.yaml", Self.suite)
        cli.extraEnvironment["DSBENCH_LOG"] = "debug"
        let result = try await cli.run(["run", suite.path])
        #expect(result.status == 0 || result.status == 2, "\(result)")
        #expect(result.stderr.contains("debug dsbench.exec"), "\(result)")
        #expect(result.stderr.contains("starting"), "\(result)")
        #expect(result.stderr.contains("ended"), "\(result)")
        #expect(!result.stdout.contains("dsbench.exec"), "log lines stay on stderr")
    }

    @Test func defaultLevelPrintsNoLogLines() async throws {
        let cli = try CLI.make("log-default")
        defer { cli.removeScratch() }
        let suite = try cli.write("suite.yaml", Self.suite)
        let result = try await cli.run(["run", suite.path])
        #expect(!result.stderr.contains("dsbench.exec"), "\(result)")
    }
}
