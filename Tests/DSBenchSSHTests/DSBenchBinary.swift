import DSBenchTestSupport
import Foundation

/// The `dsbench` executable SwiftPM built next to the test bundle, for tests that go through the
/// command line's own flag and suite handling (as `DSBenchCLITests` does).
enum DSBenchBinary {
    static func url() throws -> URL { try BuiltProduct.url() }

    /// Runs `dsbench arguments`; returns the exit status and stdout + stderr together.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Spawn.run(try url().path, arguments)
    }
}
