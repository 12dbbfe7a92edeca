import DSBenchTestSupport
import Foundation

/// A one-node Slurm cluster for a test, without systemd: its own munged (own key and socket),
/// slurmctld and slurmd, everything under a scratch directory, started as child processes with an
/// empty signal mask and stopped by PID. The node is `localhost`, the name dsbench's planner gives
/// `local` for launchers. Clients reach it through `SLURM_CONF=<configPath>` (tests pass that in
/// the step's env), so the machine's own /etc/slurm and /etc/munge are never read or changed.
final class TestSlurm: @unchecked Sendable {
    static let nodeName = "localhost"
    static let partition = "debug"
    /// Declared CPUs of the node, fixed so a test can ask for one task more than it has.
    static let cpus = 2
    static let binaries = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sinfo",
                           "/usr/bin/srun"]

    let dir: URL
    let configPath: String
    /// Started daemons, in start order; stopped in reverse.
    private var daemons: [(name: String, pid: pid_t, log: String)] = []

    /// Starts munged, slurmctld and slurmd and waits until the node is idle; retries other ports
    /// when slurmctld or slurmd cannot bind. Throws with the daemons' logs when Slurm does not come up.
    static func start() throws -> TestSlurm {
        let missing = binaries.filter { !FileManager.default.isExecutableFile(atPath: $0) }
        guard missing.isEmpty else {
            throw Spawn.Failure(description: "Slurm is not installed (missing \(missing.joined(separator: ", "))): "
                + "apt-get install slurmctld slurmd slurm-client munge (.ci/run does)")
        }
        guard ProcessInfo.processInfo.activeProcessorCount >= cpus else {
            throw Spawn.Failure(description: "the test Slurm node declares \(cpus) CPUs; this machine has fewer")
        }
        var lastError: Error?
        for _ in 0..<4 {
            let slurm = try TestSlurm(ports: Int.random(in: TestSSHD.portRange))
            do {
                try slurm.boot()
                return slurm
            } catch {
                slurm.stop()
                lastError = error
            }
        }
        throw lastError!
    }

    private let ctldPort: Int

    private init(ports: Int) throws {
        dir = try makeScratchDirectory("dsbench-slurm")
        configPath = dir.appendingPathComponent("slurm.conf").path
        ctldPort = ports
    }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    private func boot() throws {
        // munged refuses a key or socket directory that others can write; 0700 as root is fine.
        for sub in ["munge", "state", "spool"] {
            try FileManager.default.createDirectory(atPath: path(sub), withIntermediateDirectories: true)
            chmod(path(sub), 0o700)
        }
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<128).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try key.write(to: dir.appendingPathComponent("munge/munge.key"))
        chmod(path("munge/munge.key"), 0o600)
        let socket = path("munge/munge.socket")
        try launch("munged", "/usr/sbin/munged", [
            "--foreground", "--force", "--key-file=\(path("munge/munge.key"))", "--socket=\(socket)",
            "--pid-file=\(path("munge/munged.pid"))", "--seed-file=\(path("munge/munged.seed"))",
            "--log-file=\(path("munge/munged.log"))",
        ])
        try waitFor("munged socket \(socket)", seconds: 10) { FileManager.default.fileExists(atPath: socket) }

        try configuration(mungeSocket: socket).write(toFile: configPath, atomically: true, encoding: .utf8)
        try launch("slurmctld", "/usr/sbin/slurmctld", ["-D", "-f", configPath])
        try launch("slurmd", "/usr/sbin/slurmd", ["-D", "-N", Self.nodeName, "-f", configPath])
        try waitFor("node \(Self.nodeName) idle in sinfo", seconds: 30) { try self.nodeState() == "idle" }
    }

    private func configuration(mungeSocket: String) -> String {
        [
            "ClusterName=dsbench-test",
            "SlurmctldHost=\(Self.nodeName)(127.0.0.1)",
            "SlurmctldPort=\(ctldPort)", "SlurmdPort=\(ctldPort + 1)",
            "SlurmUser=root", "SlurmdUser=root",
            "AuthType=auth/munge", "CredType=cred/munge", "AuthInfo=socket=\(mungeSocket)",
            "StateSaveLocation=\(path("state"))", "SlurmdSpoolDir=\(path("spool"))",
            "SlurmctldPidFile=\(path("slurmctld.pid"))", "SlurmdPidFile=\(path("slurmd.pid"))",
            "SlurmctldLogFile=\(path("slurmctld.log"))", "SlurmdLogFile=\(path("slurmd.log"))",
            // No cgroups in CI containers: track tasks through /proc, no task binding.
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none", "MpiDefault=none",
            "SelectType=select/cons_tres", "SelectTypeParameters=CR_CPU",
            "AccountingStorageType=accounting_storage/none", "JobCompType=jobcomp/none", "MailProg=/bin/true",
            // A job that can never fit is refused at submission instead of pending forever.
            "EnforcePartLimits=ALL", "ReturnToService=2",
            "NodeName=\(Self.nodeName) NodeAddr=127.0.0.1 CPUs=\(Self.cpus) State=UNKNOWN",
            "PartitionName=\(Self.partition) Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
        ].joined(separator: "\n") + "\n"
    }

    private func launch(_ name: String, _ program: String, _ arguments: [String]) throws {
        let log = path("\(name).out")
        let pid = try Spawn.start(program, arguments, outputPath: log)
        daemons.append((name, pid, log))
    }

    /// The node's state as sinfo prints it (`idle`, `down*`, …), through this cluster's config.
    func nodeState() throws -> String {
        let listed = try Spawn.run("/usr/bin/env", ["SLURM_CONF=\(configPath)", "/usr/bin/sinfo", "-h", "-N",
                                                    "-n", Self.nodeName, "-o", "%T"])
        return listed.status == 0 ? listed.output.trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    private func waitFor(_ what: String, seconds: Double, _ ready: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try ready() { return }
            if let dead = daemons.first(where: { !Spawn.isAlive($0.pid) }) {
                throw Spawn.Failure(description: "Slurm did not start: \(dead.name) exited\n\(logs())")
            }
            usleep(100_000)
        }
        throw Spawn.Failure(description: "Slurm did not start: no \(what) after \(Int(seconds)) s\n\(logs())")
    }

    /// The daemons' own output, for failure messages.
    func logs() -> String {
        daemons.map { daemon in
            let text = (try? String(contentsOfFile: daemon.log, encoding: .utf8)) ?? ""
            return "--- \(daemon.name):\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// SIGTERM to each daemon (slurmd first), SIGKILL after 5 s; every one reaped.
    func stop() {
        for daemon in daemons.reversed() {
            kill(daemon.pid, SIGTERM)
            var status: Int32 = 0
            var reaped = false
            for _ in 0..<100 {
                if waitpid(daemon.pid, &status, WNOHANG) == daemon.pid { reaped = true; break }
                usleep(50_000)
            }
            if !reaped {
                kill(daemon.pid, SIGKILL)
                while waitpid(daemon.pid, &status, 0) == -1 && errno == EINTR {}
            }
        }
        daemons = []
    }

    deinit { stop() }
}
