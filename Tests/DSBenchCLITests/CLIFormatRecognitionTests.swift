import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench parse` given a real capture of another format says so and exits 65.
@Suite struct CLIFormatRecognitionTests {
    static func capture(_ name: String) -> String { Fixtures.url("h200-x8/" + name).path }

    @Test func queryGPUCSVIsNotATopology() async throws {
        let cli = try CLI.make("wrong-format")
        defer { cli.removeScratch() }
        let path = Self.capture("a_query-gpu_csv.txt")
        let result = try await cli.run(["parse", "topo", path], withDB: false)
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("\(path): error: not nvidia-smi topo -m output: no header row of device labels"))
        let reverse = try await cli.run(["parse", "query-gpu", Self.capture("a_topo-m.txt")], withDB: false)
        #expect(reverse.status == 65, "\(reverse)")
        #expect(reverse.stderr.contains("error: not nvidia-smi --query-gpu CSV"))
    }
}
