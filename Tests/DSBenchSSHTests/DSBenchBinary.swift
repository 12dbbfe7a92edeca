import Foundation

/// The `dsbench` executable SwiftPM built next to the test bundle, for tests that go through the
/// command line's own flag and suite handling (as `DSBenchCLITests` does).
enum DSBenchBinary {
    struct Missing: Error, CustomStringConvertible { let description: String }

    static func url() throws -> URL {
        var candidates: [URL] = []
        if let argv0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argv0).deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in candidates {
            let url = folder.appendingPathComponent("dsbench")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Missing(description: "the dsbench binary was not found next to the test bundle; build it with "
            + "`swift build --build-tests`")
    }

    /// Runs `dsbench arguments`; returns the exit status and stdout + stderr together.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Spawn.run(try url().path, arguments)
    }
}
