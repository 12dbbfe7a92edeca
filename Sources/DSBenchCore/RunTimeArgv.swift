/// What the engine settles in a planned argv only when it runs it: the GPU count of `gpus: auto`
/// (known once the node is asked) and `-J FILE` for nccl-tests' JSON output (only binaries that
/// accept it get it). The stored step keeps the argv that ran, and the planned one beside it.
public enum RunTimeArgv {
    /// nccl-tests' JSON output flag (nccl-tests ≥ 2.17.3).
    public static let jsonFlag = "-J"

    /// The planned → executed differences in words, in argv order: `{gpus} → 8`,
    /// `added -J /tmp/x.json`. Empty when they are the same.
    public static func changes(planned: [String], executed: [String]) -> [String] {
        guard planned != executed else { return [] }
        let shared = min(planned.count, executed.count)
        var out: [String] = []
        for index in 0..<shared where planned[index] != executed[index] {
            out.append("\(planned[index]) → \(executed[index])")
        }
        if executed.count > shared { out.append("added " + executed[shared...].joined(separator: " ")) }
        if planned.count > shared { out.append("left out " + planned[shared...].joined(separator: " ")) }
        return out
    }
}

extension PlannedCommand {
    /// An nccl-tests command is asked for its JSON output at run time when its binary accepts
    /// `-J` (and the run did not say `--no-nccl-json`).
    public var mayAddJSONOutput: Bool { parser == .ncclTests }
}
