import ArgumentParser
@testable import dsbench
import DSBenchTestSupport
import DSBenchVerdict
import Foundation
import Testing

/// The one mapping from a command's failure to its exit code (ExitCodes.swift), and the one place
/// that prints the failure (`DSBench.main`).
@Suite struct ExitCodeMappingTests {
    static let documented: [CommandFailure.Kind: Int32] = [
        .regression: 1, .execution: 2, .usage: 64, .unparseable: 65, .pushFailed: 69, .internalError: 70,
        .locked: 75, .interrupted: 130,
    ]

    @Test func everyKindExitsWithItsDocumentedCode() {
        for kind in CommandFailure.Kind.allCases {
            let code = Self.documented[kind]
            #expect(code != nil, "\(kind) has no documented code")
            #expect(kind.exitCode.rawValue == code, "\(kind)")
            // `dsbench --help` lists each code at the start of a line of its table.
            #expect(ExitCode.documentation.contains("\n  \(code ?? -1)  "), "\(kind): \(code ?? -1) is not in --help")
        }
        #expect(Set(Self.documented.values).count == Self.documented.count, "one code per kind")
    }

    @Test func aVerdictExitsWithItsOwnCode() {
        for status in Verdict.Status.allCases {
            let verdict = Verdict(runID: 1, suite: "s", status: status, reason: "", baseline: nil, checks: [])
            #expect(CommandFailure(verdict: verdict)?.kind.exitCode.rawValue ?? 0 == status.exitCode, "\(status)")
        }
    }

    @Test func anErrorNoCommandMappedIsInternal() throws {
        struct Unmapped: Error {}
        #expect(try #require(DSBench.exitError(for: Unmapped()) as? ExitCode) == CommandFailure.Kind.internalError.exitCode)
        #expect(try #require(DSBench.exitError(for: CommandFailure(.locked)) as? ExitCode) == ExitCode(75))
        // ArgumentParser's own errors keep its handling (usage text, exit 64).
        #expect(DSBench.exitError(for: ValidationError("x")) is ValidationError)
    }

    /// Through the binary: the message of a failure goes to stderr once, and nothing else does.
    @Test func aFailurePrintsItsMessageOnce() async throws {
        let cli = try CLI.make("failure-once")
        defer { cli.removeScratch() }
        let ingest = try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path])
        #expect(ingest.status == 0, "\(ingest)")

        let missing = try await cli.run(["baseline", "show", "nope"])
        #expect(missing.status == 64, "\(missing)")
        #expect(missing.stderr == "dsbench: no baseline named nope; `dsbench baseline list` lists them\n", "\(missing)")
        #expect(missing.stdout.isEmpty, "\(missing)")

        // A suite's diagnostic stands on its own line, without the `dsbench: ` prefix.
        let suite = try cli.write("bad.yaml", "suite: bad\nsteps:\n  - name: x\n    comand: [echo]\n")
        let invalid = try await cli.run(["validate", suite.path], withDB: false)
        #expect(invalid.status == 64, "\(invalid)")
        #expect(invalid.stderr.hasPrefix(suite.path + ":"), "\(invalid)")
        let lines = invalid.stderr.split(separator: "\n")
        #expect(lines.count == Set(lines).count, "no line twice\n\(invalid)")
    }
}
