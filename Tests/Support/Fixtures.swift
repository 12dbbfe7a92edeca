import Foundation

/// Real captures live in `Tests/Fixtures/`; tests find them relative to this file so that
/// no resource bundle is needed.
public enum Fixtures {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures")

    public static func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    public static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: url(relative))
    }

    public static func text(_ relative: String) throws -> String {
        String(decoding: try data(relative), as: UTF8.self)
    }

    /// The 8×H200 captures, e.g. `h200("b_all_reduce_8-8G_r1.txt")`.
    public static func h200(_ name: String) throws -> String {
        try text("h200-x8/" + name)
    }

    /// Every `.txt` capture of the 8×H200 set, sorted by name.
    public static func h200Captures() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url("h200-x8").path)
            .filter { $0.hasSuffix(".txt") }.sorted()
    }
}

/// A fresh directory under the system temp dir, removed by the caller when done. The name has a whole
/// UUID and the leaf is created without `withIntermediateDirectories`, so a name that already exists
/// (a leftover of an earlier run) is an error instead of a silently shared folder.
public func makeScratchDirectory(_ label: String = "dsbench-test") throws -> URL {
    let parent = FileManager.default.temporaryDirectory
    try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    let dir = parent.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
    return dir
}
