import DSBenchCore
import DSBenchExec
import DSBenchSuite
import Foundation

/// A command ready to run, with what the engine added to it.
struct PreparedCommand: Sendable {
    var command: PlannedCommand
    /// Where nccl-tests was asked to write its JSON (`-J`), to be collected after the run.
    var jsonOutputPath: String?
}

struct ProbeError: Error, CustomStringConvertible {
    let description: String
}

/// Facts about a node that the engine learns once and reuses: its GPU count (for `gpus: auto`)
/// and which nccl-tests binaries accept `-J` (JSON output, nccl-tests ≥ 2.17.3).
actor NodeProbes {
    private let executor: any Executor
    private let node: String
    private var gpuCount: Int?
    private var jsonSupport: [String: Bool] = [:]
    let requestJSON: Bool

    init(executor: any Executor, node: String, requestJSON: Bool) {
        self.executor = executor
        self.node = node
        self.requestJSON = requestJSON
    }

    func prepare(_ planned: PlannedCommand, runID: Int64, stepSeq: Int) async throws(ProbeError) -> PreparedCommand {
        var command = planned
        if command.needsGPUCount {
            command = command.resolvingGPUs(count: try await gpus())
        }
        if command.needsProfileReport {
            command = command.resolvingProfileReport(ProfileReportPlaceholder.path(pid: getpid(), runID: runID, stepSeq: stepSeq))
        }
        guard planned.mayAddJSONOutput, requestJSON, await acceptsJSON(command) else {
            return PreparedCommand(command: command)
        }
        let path = "/tmp/dsbench-run\(runID)-step\(stepSeq)-\(UUID().uuidString.prefix(8)).json"
        command.argv += [RunTimeArgv.jsonFlag, path]
        return PreparedCommand(command: command, jsonOutputPath: path)
    }

    /// Reads the JSON file nccl-tests wrote and removes it from the node. The JSON's `env` array
    /// (the whole environment of the run, secrets included) is dropped before anything is stored.
    func collectJSON(at path: String) async -> [UInt8]? {
        let read = await executor.run(PlannedCommand(label: "collect-json", argv: ["cat", path], timeoutSeconds: 60), output: nil)
        _ = await executor.run(PlannedCommand(label: "remove-json", argv: ["rm", "-f", path], timeoutSeconds: 30), output: nil)
        guard read.termination.isSuccess, !read.stdout.isEmpty else { return nil }
        return NcclTestsJSONRedaction.removingEnvironment(read.stdout)
    }

    private func gpus() async throws(ProbeError) -> Int {
        if let gpuCount { return gpuCount }
        let probe = PlannedCommand(label: "gpu-count", argv: ["nvidia-smi", "-L"], timeoutSeconds: 60)
        let result = await executor.run(probe, output: nil)
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        let count = lines.filter { $0.hasPrefix("GPU ") }.count
        guard result.termination.isSuccess, count > 0 else {
            throw ProbeError(description: Self.noGPUs(node: node, termination: result.termination))
        }
        gpuCount = count
        return count
    }

    /// Why `gpus: auto` has no count. Without nvidia-smi there is no GPU to count, so the message
    /// says that and what to do, not where the program was looked for (the inventory step's error
    /// names the directories already).
    static func noGPUs(node: String, termination: Termination) -> String {
        if case .failedToStart = termination {
            return "no GPU found on node \(node): nvidia-smi is not installed or not on PATH, so `gpus: auto` has no count. "
                + "On a GPU node, install the NVIDIA driver (it brings nvidia-smi) or put its directory on PATH; "
                + "without a GPU, `dsbench demo` shows a run made from bundled real captures"
        }
        let how = termination.isSuccess ? "listed no GPU" : "gave \(termination)"
        return "no GPU found on node \(node): `nvidia-smi -L` \(how), so `gpus: auto` has no count; "
            + "run `nvidia-smi` there to see whether the driver is loaded"
    }

    /// The nccl-tests binary is the command itself, or, for a job started by a launcher (`mpirun …
    /// all_reduce_perf …`, `srun …`), the first argument named `*_perf`; launchers put the
    /// program and its arguments last, so `-J` appended at the end still reaches nccl-tests. Under
    /// a launcher rank 0 writes the file: it is collected when rank 0 ran on this node (or the
    /// path is on a shared file system), else the step keeps its text table only.
    private func acceptsJSON(_ command: PlannedCommand) async -> Bool {
        guard let binary = command.argv.first(where: { $0.split(separator: "/").last?.hasSuffix("_perf") == true })
                ?? command.argv.first else { return false }
        if let known = jsonSupport[binary] { return known }
        var help = command
        help.label = "help"
        help.argv = [binary, "-h"]
        help.parser = nil
        help.timeoutSeconds = 30
        let result = await executor.run(help, output: nil)
        let text = String(decoding: result.stdout + result.stderr, as: UTF8.self)
        let supported = result.termination.isSuccess && text.contains("output_file")
        jsonSupport[binary] = supported
        return supported
    }
}
