@testable import DSBenchSuite
import Testing

/// A `trace:` path names a Chrome trace: whatever else it names (a typo such as a checkpoint) is a
/// suite error before anything runs.
@Suite struct TracePathTests {
    @Test(arguments: ["/data/model.pt", "/tmp/trace", "/tmp/.json", "/tmp/trace.json.bak", "/tmp/t.gz", "/tmp/dir/"])
    func aPathThatIsNotATraceIsRefused(_ path: String) {
        let errors = loadErrors("""
            suite: w
            steps:
              - name: ddp
                workload: [torchrun, train.py]
                trace: \(path)
            """)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.contains("steps[0].trace: found '\(path)', expected the path of the profiler trace "
            + "(.json or .json.gz) on the node; a file already at the path is moved aside before the job, never deleted") == true,
                "\(errors)")
    }

    @Test(arguments: ["/tmp/ddp.json", "/tmp/ddp.json.gz", "relative/trace_rank0.json.gz"])
    func aTracePathIsAccepted(_ path: String) {
        #expect(loadErrors("suite: w\nsteps:\n  - name: ddp\n    workload: [torchrun]\n    trace: \(path)\n").isEmpty)
    }
}
