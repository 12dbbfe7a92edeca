import DSBenchTestSupport
import Foundation
import Testing

/// A suite argument that is not a regular file says what it is instead of "no such suite file" or
/// "you don't have permission", and never waits on it.
@Suite struct CLISuiteFileTests {
    @Test func aDirectoryIsNamedAsOne() async throws {
        let cli = try CLI.make("suite-dir")
        defer { cli.removeScratch() }
        try cli.write("nightly/nightly.yaml", "suite: n\nsteps: [{inventory: {}}]\n")
        let result = try await cli.run(["validate", "nightly"], withDB: false)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("nightly: is a directory, not a suite file; name a YAML file in it (nightly.yaml)"), "\(result)")
    }

    @Test func aFIFOIsNotReadNorWaitedOn() async throws {
        let cli = try CLI.make("suite-fifo")
        defer { cli.removeScratch() }
        let fifo = cli.scratch.appendingPathComponent("suite.yaml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let result = try await cli.run(["validate", fifo], withDB: false)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("found a FIFO (named pipe), expected a suite file (a regular YAML file)"), "\(result)")
        #expect(result.seconds < 20, "dsbench waited on the FIFO")
    }

    @Test func aDeviceIsNotRead() async throws {
        let cli = try CLI.make("suite-dev")
        defer { cli.removeScratch() }
        let result = try await cli.run(["validate", "/dev/zero"], withDB: false)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("/dev/zero") && result.stderr.contains("found a character device"), "\(result)")
        #expect(!result.stderr.contains("permission"), "\(result)")
    }
}
