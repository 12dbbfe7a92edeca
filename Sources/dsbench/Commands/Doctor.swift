import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchSSH
import DSBenchSuite
import Foundation

struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that every node is ready: reachable, host key known, login works, nvidia-smi and driver, "
            + "nccl-tests, free disk, clock skew.",
        discussion: "With neither a suite nor --nodes it checks this node (`local`). "
            + "Exit 0 when every node is ready, 2 when any is not, 64 on a usage or suite error."))

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
            throw CommandFailure.usage("\(error)")
        }
        guard !targets.isEmpty else {
            throw CommandFailure.usage("no nodes to check: --exclude leaves none")
        }
        let executors = NodeExecutors(ssh: ssh.settings(suite: suiteSSH), nodeSSH: nodeSSH, parallel: ssh.parallel)
        defer { executors.shutdown() }
        var doctor = NodeDoctor(ncclTestsPath: ncclPath, workdir: workdir, perNode: perNode, probeNcclTests: !noNcclProbe)
        doctor.nvbandwidthPath = nvbandwidthPath
        let results = await doctor.check(nodes: targets) { executors.executor(for: $0) }
        Console.out(json ? DoctorText.json(results) : DoctorText.table(results))
        if results.contains(where: { !$0.ready }) { throw CommandFailure(.execution) }
    }
}
