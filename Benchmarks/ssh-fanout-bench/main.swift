import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchSSH
import DSBenchStore
import Foundation

// Wall time to run `true` on N loopback "nodes" (one sshd listening on 127.0.0.2 …) with dsbench's
// SSH executor vs `pdsh -R ssh -f F` vs a plain OpenSSH loop, then a 10-step suite through the
// engine (one session per node) vs the same 10 commands as 10 pdsh runs.
// Usage: ssh-fanout-bench [sizes, default 16,64,128] [--user NAME] (run as root; needs
// openssh-server and pdsh). Every command pays the login shell's start-up on the node, for dsbench
// and pdsh alike (on the development VM root's ~/.bashrc runs `pyenv init`: ~100 ms); `--user`
// logs in as an account whose shell reads no rc file, as on a plain cluster node.

var arguments = Array(CommandLine.arguments.dropFirst())
var loginUser: String?
if let flag = arguments.firstIndex(of: "--user"), flag + 1 < arguments.count {
    loginUser = arguments[flag + 1]
    arguments.removeSubrange(flag...(flag + 1))
}
let sizes = arguments.first.map { $0.split(separator: ",").compactMap { Int($0) } } ?? [16, 64, 128]
let fanout = 16
let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("ssh-bench-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
let path = { (name: String) in dir.appendingPathComponent(name).path }
for key in ["host", "client"] { _ = Spawn.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path(key)]) }
try FileManager.default.copyItem(atPath: path("client.pub"), toPath: path("authorized_keys"))
let port = 2400 + Int(getpid() % 1000)
let maxNodes = sizes.max() ?? 16
let nodes = (0..<maxNodes).map { "127.0.0.\(2 + $0)" }
let hostKey = try String(contentsOfFile: path("host.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
try nodes.map { "[\($0)]:\(port) \(hostKey)" }.joined(separator: "\n").appending("\n")
    .write(toFile: path("known_hosts"), atomically: true, encoding: .utf8)
// sshd listens on at most 16 sockets (MAX_LISTEN_SOCKS): one sshd per 16 addresses.
let groups = stride(from: 0, to: nodes.count, by: 16).map { Array(nodes[$0..<min($0 + 16, nodes.count)]) }
for (index, group) in groups.enumerated() {
    try ([ "Port \(port)"] + group.map { "ListenAddress \($0)" } + [
        "HostKey \(path("host"))", "PidFile \(path("sshd\(index).pid"))", "AuthorizedKeysFile \(path("authorized_keys"))",
        "StrictModes no", "UsePAM no", "PermitRootLogin prohibit-password", "PasswordAuthentication no",
        "MaxStartups 1000", "PermitUserEnvironment no", "MaxSessions 100", "UseDNS no", "LogLevel ERROR",
    ]).joined(separator: "\n").appending("\n").write(toFile: path("sshd_config\(index)"), atomically: true, encoding: .utf8)
}
try """
    Host 127.0.0.*
      Port \(port)
      IdentityFile \(path("client"))
      UserKnownHostsFile \(path("known_hosts"))
      StrictHostKeyChecking yes
      BatchMode yes
    """.appending(loginUser.map { "\n  User \($0)" } ?? "").write(toFile: path("ssh_config"), atomically: true, encoding: .utf8)
chmod(path("host"), 0o600)
var sshdPIDs: [pid_t] = []
for index in groups.indices {
    guard Spawn.run("/usr/sbin/sshd", ["-f", path("sshd_config\(index)"), "-E", path("sshd\(index).log")]) == 0 else {
        print("sshd did not start; see \(path("sshd\(index).log"))"); exit(1)
    }
}
usleep(500_000)
for index in groups.indices {
    if let pid = pid_t((try? String(contentsOfFile: path("sshd\(index).pid"), encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") { sshdPIDs.append(pid) }
}
guard sshdPIDs.count == groups.count else { print("an sshd did not write its pid file; see \(dir.path)"); exit(1) }
defer { for pid in sshdPIDs { kill(pid, SIGTERM) } }

let settings = SSHSettings(user: loginUser, port: port, identityFile: path("client"), knownHostsFile: path("known_hosts"),
                           configFile: "/dev/null", connectRetries: 2, handshakesPerHost: 8)
let pdshEnv = ["PDSH_SSH_ARGS": "-F \(path("ssh_config")) -x -l%u %h", "PDSH_RCMD_TYPE": "ssh"]
let pdshUser = loginUser.map { ["-l", $0] } ?? []

/// What failed in any comparison: with one entry no speed-up is printed and the exit status is 1
/// (a locked account once made every dsbench command fail fast and "53.4×" faster than pdsh).
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ text: String) { lock.withLock { list.append(text) } }
    var all: [String] { lock.withLock { list } }
}
let failures = Failures()

func dsbenchOnce(_ targets: [String], argv: [String] = ["true"]) async -> (Double, Int) {
    let first = FirstFailure()
    defer { if let why = first.value { print("<!-- first dsbench failure: \(why) -->") } }
    let cluster = SSHCluster(settings: settings, parallel: fanout)
    defer { cluster.shutdown() }
    let start = Date()
    let failures = await withTaskGroup(of: Int.self) { group in
        for node in targets {
            group.addTask {
                let result = await cluster.executor(for: node).run(
                    PlannedCommand(label: "main", argv: argv, timeoutSeconds: 60), output: nil)
                if !result.termination.isSuccess { first.record("\(result.termination)") }
                return result.termination.isSuccess ? 0 : 1
            }
        }
        return await group.reduce(0, +)
    }
    return (Date().timeIntervalSince(start), failures)
}

func opensshLoop(_ targets: [String]) -> (Double, Int32) {
    let script = "for h in \"$@\"; do ssh -F \(path("ssh_config")) \"$h\" true & done; wait"
    return Spawn.timed("/bin/sh", ["-c", script, "loop"] + targets)
}

func pdsh(_ targets: [String], command: String = "true") -> (Double, Int32) {
    Spawn.timed("/usr/bin/pdsh", pdshUser + ["-R", "ssh", "-f", String(fanout), "-w", targets.joined(separator: ","), command],
                environment: pdshEnv)
}

func fmt(_ seconds: Double) -> String { String(format: "%.2f", seconds) }

/// User+system CPU seconds of this process (`RUSAGE_SELF`) or of its waited-for children.
func cpu(children: Bool) -> Double {
    var usage = rusage()
    _ = getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
}
let selfCPU = { cpu(children: false) }
let childCPU = { cpu(children: true) }

print("login user: \(loginUser ?? NSUserName())\n")
print("## fan-out of `true` (one run; dsbench --parallel \(fanout), pdsh -f \(fanout))\n")
print("| nodes | dsbench (libssh) s | pdsh -R ssh s | OpenSSH loop s | client CPU s: dsbench / pdsh / loop | dsbench failures | pdsh exit |")
print("|---|---|---|---|---|---|---|")
for size in sizes {
    let targets = Array(nodes.prefix(size))
    let cpu0 = selfCPU()
    let (ours, failed) = await dsbenchOnce(targets)
    let cpu1 = selfCPU(), child0 = childCPU()
    let (theirs, pdshStatus) = pdsh(targets)
    let child1 = childCPU()
    let (loop, loopStatus) = opensshLoop(targets)
    if failed > 0 { failures.add("fan-out to \(size): \(failed) dsbench commands failed") }
    if pdshStatus != 0 { failures.add("fan-out to \(size): pdsh exited \(pdshStatus)") }
    if loopStatus != 0 { failures.add("fan-out to \(size): the OpenSSH loop exited \(loopStatus)") }
    let child2 = childCPU()
    print("| \(size) | \(fmt(ours)) | \(fmt(theirs)) | \(fmt(loop)) | \(fmt(cpu1 - cpu0)) / \(fmt(child1 - child0)) / "
        + "\(fmt(child2 - child1)) | \(failed) | \(pdshStatus) |")
}

// A long step on every node: with --parallel 16 all nodes still run it at once (the pool bounds
// handshakes and channel opens; one watcher thread waits for running commands).
print("\n## `sleep 2` on every node at once (--parallel \(fanout), handshakes included)\n")
print("| nodes | dsbench s | if --parallel bounded running commands s | failures |")
print("|---|---|---|---|")
for size in sizes {
    let (wall, failed) = await dsbenchOnce(Array(nodes.prefix(size)), argv: ["sleep", "2"])
    if failed > 0 { failures.add("sleep 2 on \(size): \(failed) dsbench commands failed") }
    print("| \(size) | \(fmt(wall)) | ≥ \(fmt(2 * (Double(size) / Double(fanout)).rounded(.up))) | \(failed) |")
}

// 10-step suite on 16 nodes through the engine (store in memory) vs 10 pdsh runs.
let suiteNodes = Array(nodes.prefix(16))
let commands = (1...10).map { ["sh", "-c", "echo step \($0) >/dev/null"] }
var steps: [PlannedStep] = []
for (index, argv) in commands.enumerated() {
    for node in suiteNodes {
        steps.append(PlannedStep(seq: steps.count, name: "s\(index + 1)", kind: .command, node: node,
                                 commands: [PlannedCommand(label: "main", argv: argv, timeoutSeconds: 60)]))
    }
}
let cluster = SSHCluster(settings: settings, parallel: fanout)
let store = try Store.openInMemory()
let runner = Runner(store: store, version: "bench", executorFor: { cluster.executor(for: $0) })
let suiteStart = Date()
let suiteCPU0 = selfCPU()
let outcome = try await runner.run(RunRequest(suiteName: "bench", suiteText: "", suiteHash: "x",
                                              plan: Plan(suiteName: "bench", nodes: suiteNodes, steps: steps)))
let suiteWall = Date().timeIntervalSince(suiteStart)
let suiteCPU = selfCPU() - suiteCPU0
let handshakes = cluster.totalHandshakes
cluster.shutdown()
var pdshWall = 0.0
let pdshCPU0 = childCPU()
for index in 1...10 {
    let (wall, status) = pdsh(suiteNodes, command: "echo step \(index) >/dev/null")
    pdshWall += wall
    if status != 0 { failures.add("10-step suite: pdsh run \(index) exited \(status)") }
}
let pdshCPU = childCPU() - pdshCPU0
print("\n## 10-step suite on 16 nodes\n")
print("| runner | wall s | per step s | client CPU s | handshakes |")
print("|---|---|---|---|---|")
print("| dsbench run (engine + SQLite, session reuse) | \(fmt(suiteWall)) | \(fmt(suiteWall / 10)) | \(fmt(suiteCPU)) | \(handshakes) |")
print("| 10 × pdsh -R ssh | \(fmt(pdshWall)) | \(fmt(pdshWall / 10)) | \(fmt(pdshCPU)) | 160 |")
print("\nrun status: \(outcome.status.rawValue), steps: \(outcome.stepCounts)")
if outcome.status != .completed { failures.add("10-step suite: the dsbench run ended \(outcome.status.rawValue)") }
if failures.all.isEmpty {
    print(String(format: "speed-up per step: %.1f×", pdshWall / max(suiteWall, 0.001)))
} else {
    print("no speed-up: a compared command failed, so the times above are not comparable:")
    for failure in failures.all { print("- \(failure)") }
    exit(1)
}

final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    func record(_ text: String) { lock.withLock { if message == nil { message = text } } }
    var value: String? { lock.withLock { message } }
}
