import Foundation

/// Executables SwiftPM built next to the test bundle (`.build/debug/dsbench`), for tests that go
/// through the command line as an operator does.
public enum BuiltProduct {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The folders searched, in order: beside the test runner, the bundle, its parent, and
    /// `.build/debug` of the package.
    public static var searchFolders: [URL] {
        var folders: [URL] = []
        if let argv0 = CommandLine.arguments.first { folders.append(URL(fileURLWithPath: argv0).deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        folders.append(Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug"))
        return folders
    }

    public static func url(_ name: String = "dsbench") throws(Missing) -> URL {
        for folder in searchFolders {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Missing(description: "the \(name) binary was not found next to the tests (looked in "
            + searchFolders.map(\.path).joined(separator: ", ") + "); build it with `swift build --build-tests`")
    }
}
