import DSBenchCore
import Foundation
import Testing

@Suite struct EnvironmentVariableTests {
    @Test func aVariableReadsAsProcessInfoReadsIt() {
        for name in ["PATH", "HOME", "DSBENCH_NO_SUCH_VARIABLE_\(getpid())"] {
            #expect(EnvironmentVariable.value(name) == ProcessInfo.processInfo.environment[name], "\(name)")
        }
        let name = "DSBENCH_TEST_VARIABLE_\(getpid())"
        setenv(name, "a=b ü", 1)
        defer { unsetenv(name) }
        #expect(EnvironmentVariable.value(name) == "a=b ü")
        setenv(name, "", 1)
        #expect(EnvironmentVariable.value(name) == "")
    }
}
