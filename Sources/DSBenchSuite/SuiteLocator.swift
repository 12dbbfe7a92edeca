import Foundation

/// Finds a suite file the way operators type it: `dsbench run suites/quarterly.yaml` from the repo
/// root works although the folder is `Suites/`, and `dsbench run smoke` finds `Suites/smoke.yaml`.
public enum SuiteLocator {
    public static let suitesFolder = "Suites"

    /// Tries, in order: the path as given; the path matching each component case-insensitively;
    /// the same with `.yaml`/`.yml` appended; for a bare name, `Suites/<name>` and `Suites/<name>.yaml`.
    /// Returns an absolute path to an existing regular file, or nil.
    public static func resolve(_ path: String, cwd: String) -> String? {
        guard !path.isEmpty else { return nil }
        let absolute = path.hasPrefix("/") ? path : (cwd as NSString).appendingPathComponent(path)
        var candidates = [absolute]
        if !hasYAMLExtension(path) { candidates += [absolute + ".yaml", absolute + ".yml"] }
        if !path.contains("/") {
            let folder = (cwd as NSString).appendingPathComponent(suitesFolder)
            candidates += [path, path + ".yaml", path + ".yml"].map { (folder as NSString).appendingPathComponent($0) }
        }
        for candidate in candidates {
            if isFile(candidate) { return (candidate as NSString).standardizingPath }
        }
        for candidate in candidates {
            if let found = caseInsensitiveMatch(candidate) { return found }
        }
        return nil
    }

    /// Walks the path from `/`, taking each component as written when it exists and otherwise the
    /// one entry of that directory that matches it ignoring case (an exact-case entry wins; among
    /// several case variants the first in sorted order is taken, so the answer is deterministic).
    static func caseInsensitiveMatch(_ absolutePath: String) -> String? {
        let components = (absolutePath as NSString).standardizingPath.split(separator: "/").map(String.init)
        var current = "/"
        for component in components {
            let exact = (current as NSString).appendingPathComponent(component)
            if FileManager.default.fileExists(atPath: exact) { current = exact; continue }
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: current),
                  let match = entries.sorted().first(where: { $0.lowercased() == component.lowercased() }) else {
                return nil
            }
            current = (current as NSString).appendingPathComponent(match)
        }
        return isFile(current) ? current : nil
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func hasYAMLExtension(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }
}
