import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchSSH
import DSBenchSuite
import Foundation

struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that every node is ready: reachable, host key known, login works, nvidia-smi and driver, "
            + "nccl-tests, free disk, clock skew.",
        discussion: "With neither a suite nor --nodes it checks this node (`local`). "
            + "Exit 0 when every node is ready, 2 when any is not, 64 on a usage or suite error.")

    @Argument(help: "Suite whose nodes (and nccl_tests_path, workdir) to check; default: this node.") var suite: String?
    @Option(name: .long, help: "Nodes to check (hostlist), instead of or on top of the suite's; repeatable.")
    var nodes: [String] = []
    @Option(name: .long, help: "Leave these nodes out (hostlist); repeatable.") var exclude: [String] = []
    @Flag(name: .long, help: "Print JSON instead of a table.") var json = false
    @Flag(name: .long, help: "Skip the tiny nccl-tests all_reduce (1 GPU, 8 bytes) that reports the nccl-tests version (busy GPUs).")
    var noNcclProbe = false
    @OptionGroup var ssh: SSHOptions

    func run() async throws {
        var targets: [String] = []
        var ncclPath: [String] = []
        var nvbandwidthPath: [String] = []
        var workdir: String?
        var suiteSSH = SuiteSSH()
        var nodeSSH: [String: SSHSettings] = [:]
        var perNode: [String: NodeDoctor.Place] = [:]
        if let suite {
            let options = try SuiteOptions.parse([suite])
            let (loaded, plan) = try options.load()
            targets = plan.nodes
            ncclPath = loaded.suite.defaults.ncclTestsPath
            nvbandwidthPath = loaded.suite.defaults.nvbandwidthPath
            workdir = loaded.suite.defaults.workdir
            suiteSSH = loaded.suite.ssh
            nodeSSH = ssh.nodeSettings(suite: loaded.suite)
            for entry in loaded.suite.nodeOverrides {
                for node in entry.nodes {
                    let own = loaded.suite.settings(for: node)
                    perNode[node] = NodeDoctor.Place(ncclTestsPath: own.ncclTestsPath ?? ncclPath,
                                                     workdir: own.workdir ?? workdir)
                }
            }
        }
        do {
            if !nodes.isEmpty { targets = try nodes.flatMap { try Hostlist.expand($0) } }
            // A doctor asked about nothing in particular examines the machine it runs on.
            if suite == nil && nodes.isEmpty { targets = [Suite.localNode] }
            let excluded = Set(try exclude.flatMap { try Hostlist.expand($0) })
            targets = targets.filter { !excluded.contains($0) }
        } catch {
            Console.error("\(error)")
            throw Exit.usage
        }
        guard !targets.isEmpty else {
            Console.error("no nodes to check: --exclude leaves none")
            throw Exit.usage
        }
        let cluster = SSHCluster(settings: ssh.settings(suite: suiteSSH), nodeSettings: nodeSSH, parallel: ssh.parallel)
        defer { cluster.shutdown() }
        var doctor = NodeDoctor(ncclTestsPath: ncclPath, workdir: workdir, perNode: perNode, probeNcclTests: !noNcclProbe)
        doctor.nvbandwidthPath = nvbandwidthPath
        let results = await doctor.check(nodes: targets) { node -> any Executor in
            node == Suite.localNode ? LocalExecutor(nodeName: node) : cluster.executor(for: node)
        }
        Console.out(json ? DoctorText.json(results) : DoctorText.table(results))
        if results.contains(where: { !$0.ready }) { throw Exit.execution }
    }
}

enum DoctorText {
    static func table(_ results: [NodeReadiness]) -> String {
        let header = ["NODE", "READY", "DRIVER", "GPUS", "NCCL-TESTS", "VERSION", "NVBANDWIDTH", "PROFILERS", "FREE", "SKEW", "PROBLEMS"]
        var rows = [header]
        for r in results {
            rows.append([
                r.node, r.ready ? "yes" : "NO", r.driverVersion ?? "-", r.gpuCount.map(String.init) ?? "-",
                r.ncclTests.map { ($0 as NSString).lastPathComponent + (r.ncclTestsJSON == true ? " (+json)" : "") } ?? "-",
                NcclTestsProbe.summary(r),
                r.nvbandwidth.map { _ in r.nvbandwidthVersion ?? "yes" } ?? "-",
                profilers(r),
                r.freeDiskBytes.map { String(format: "%.1fG", Double($0) / 1_073_741_824) } ?? "-",
                r.clockSkewSeconds.map { String(format: "%+.2fs", $0) } ?? "-",
                r.problems.joined(separator: "; "),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let notReady = results.filter { !$0.ready }.count
        return (lines + ["\(results.count - notReady) of \(results.count) nodes ready"]).joined(separator: "\n")
    }

    /// `ncu 2025.3.1.0, nsys -`: which profilers `profile:` steps would find.
    static func profilers(_ r: NodeReadiness) -> String {
        let found = [("ncu", r.ncu, r.ncuVersion), ("nsys", r.nsys, r.nsysVersion)].compactMap { name, path, version in
            path.map { _ in "\(name) \(version ?? "yes")" }
        }
        return found.isEmpty ? "-" : found.joined(separator: ", ")
    }

    static func json(_ results: [NodeReadiness]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(results) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
