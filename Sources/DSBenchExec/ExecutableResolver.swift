import Foundation

/// Turns argv[0] into the absolute path that will be executed, or into a message that tells the
/// operator exactly where dsbench looked (a bare "No such file" from exec is useless on a cluster).
struct ExecutableResolver: Sendable {
    var nodeName: String
    /// The executor's own current directory, used for relative paths when no working directory is set.
    var currentDirectory: String = FileManager.default.currentDirectoryPath

    /// - Parameters:
    ///   - name: argv[0] as planned.
    ///   - workingDirectory: the command's working directory, which relative paths are taken against.
    ///   - searchPaths: directories tried first, in order.
    ///   - pathVariable: the executor environment's PATH, tried after `searchPaths`.
    func resolve(_ name: String, workingDirectory: String?, searchPaths: [String],
                 pathVariable: String?) -> Result<String, ResolutionFailure> {
        guard !name.isEmpty else {
            return .failure(ResolutionFailure(message: "empty program name (argv[0]) on node \(nodeName)"))
        }
        if name.contains("/") {
            return resolveExplicitPath(name, workingDirectory: workingDirectory)
        }
        let directories = Self.orderedUnique(searchPaths + Self.splitPath(pathVariable))
        var notExecutable: [String] = []
        for directory in directories {
            let candidate = Self.join(directory, name)
            switch Self.inspect(candidate) {
            case .executable: return .success(candidate)
            case .notExecutable: notExecutable.append(candidate)
            case .missing, .directory: continue
            }
        }
        let looked = directories.isEmpty ? "no directories to search: no search paths and PATH is empty"
                                         : "looked in " + directories.joined(separator: ", ")
        if !notExecutable.isEmpty {
            return .failure(ResolutionFailure(message:
                "\(name) found on node \(nodeName) but not executable: \(notExecutable.joined(separator: ", ")) (\(looked))"))
        }
        return .failure(ResolutionFailure(message: "\(name) not found on node \(nodeName) (\(looked))"))
    }

    private func resolveExplicitPath(_ name: String, workingDirectory: String?) -> Result<String, ResolutionFailure> {
        let path = name.hasPrefix("/") ? name : Self.join(workingDirectory.map(absolute) ?? currentDirectory, name)
        switch Self.inspect(path) {
        case .executable:
            return .success(path)
        case .missing:
            return .failure(ResolutionFailure(message: "\(path) not found on node \(nodeName)"))
        case .directory:
            return .failure(ResolutionFailure(message: "\(path) is a directory, not a program, on node \(nodeName)"))
        case .notExecutable:
            return .failure(ResolutionFailure(message: "\(path) is not executable on node \(nodeName) (permission denied)"))
        }
    }

    /// Makes a possibly relative directory absolute against the executor's current directory.
    func absolute(_ directory: String) -> String {
        directory.hasPrefix("/") ? directory : Self.join(currentDirectory, directory)
    }

    enum FileState { case executable, notExecutable, directory, missing }

    static func inspect(_ path: String) -> FileState {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue { return .directory }
        return FileManager.default.isExecutableFile(atPath: path) ? .executable : .notExecutable
    }

    /// PATH entries in order; empty entries (meaning "current directory") are skipped on purpose:
    /// a benchmark should never pick up a binary from wherever dsbench happened to be started.
    static func splitPath(_ pathVariable: String?) -> [String] {
        guard let pathVariable else { return [] }
        return pathVariable.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
    }

    static func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

/// Why argv[0] could not be turned into a program to execute; `message` goes into `.failedToStart`.
struct ResolutionFailure: Error, Equatable {
    var message: String
}
