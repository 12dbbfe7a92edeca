import DSBenchSSH
import DSBenchTestSupport
import Foundation

/// Keys for a test: one host key (the servers' identity) and one client key (authorized on them).
struct TestKeys: Sendable {
    let dir: URL
    let hostKey: String
    let hostPublicKey: String
    let clientKey: String
    let authorizedKeys: String

    init() throws {
        dir = try makeScratchDirectory("dsbench-sshd")
        hostKey = dir.appendingPathComponent("host_ed25519").path
        clientKey = dir.appendingPathComponent("client_ed25519").path
        authorizedKeys = dir.appendingPathComponent("authorized_keys").path
        for key in [hostKey, clientKey] {
            let made = try Spawn.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
            guard made.status == 0 else { throw Spawn.Failure(description: "ssh-keygen: \(made.output)") }
        }
        hostPublicKey = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: authorizedKeys)
    }

    /// A fresh key pair that is not the servers' (for "host key changed").
    func otherPublicKey() throws -> String {
        let path = dir.appendingPathComponent("other_\(UUID().uuidString.prefix(6))").path
        try Spawn.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path])
        return try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `SHA256:…` of the servers' host key, as `ssh-keygen -l` prints it.
    func hostFingerprint() throws -> String {
        let listed = try Spawn.run("/usr/bin/ssh-keygen", ["-l", "-f", hostKey + ".pub"])
        return String(listed.output.split(separator: " ")[1])
    }

    /// A known_hosts file naming `addresses` on `port` with the servers' key, except `overrides`.
    func writeKnownHosts(_ addresses: [String], port: Int, overrides: [String: String] = [:]) throws -> String {
        let path = dir.appendingPathComponent("known_hosts_\(UUID().uuidString.prefix(6))").path
        let keyPart = hostPublicKey.split(separator: " ").prefix(2).joined(separator: " ")
        let lines = addresses.map { "[\($0)]:\(port) \(overrides[$0] ?? keyPart)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A cluster reaching `nodes` of `sshd`, whose host key it knows.
    func cluster(_ sshd: TestSSHD, nodes: [String], parallel: Int) throws -> SSHCluster {
        SSHCluster(settings: settings(port: sshd.port, knownHosts: try writeKnownHosts(nodes, port: sshd.port)), parallel: parallel)
    }

    func settings(port: Int, knownHosts: String, accept: Bool = false) -> SSHSettings {
        SSHSettings(port: port, identityFile: clientKey, knownHostsFile: knownHosts, acceptNewHostKeys: accept,
                    configFile: "/dev/null", connectTimeoutSeconds: 5, connectRetries: 0, killGraceSeconds: 1)
    }
}

/// A real `/usr/sbin/sshd` listening on loopback addresses (127.0.0.2 …), started and stopped by PID.
final class TestSSHD: @unchecked Sendable {
    let addresses: [String]
    let port: Int
    let pid: pid_t
    let logPath: String
    private let config: String

    /// - Parameter extraConfig: more sshd_config lines (e.g. `SetEnv NODE=a` so a session knows its node).
    init(keys: TestKeys, addresses: [String], port: Int, extraConfig: [String] = []) throws {
        self.addresses = addresses
        self.port = port
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let tag = "\(port)-\(addresses.first ?? "x")"
        config = keys.dir.appendingPathComponent("sshd_config_\(tag)").path
        logPath = keys.dir.appendingPathComponent("sshd_\(tag).log").path
        let pidFile = keys.dir.appendingPathComponent("sshd_\(tag).pid").path
        let text = ["Port \(port)"] + addresses.map { "ListenAddress \($0)" } + [
            "HostKey \(keys.hostKey)", "PidFile \(pidFile)", "AuthorizedKeysFile \(keys.authorizedKeys)",
            "StrictModes no", "UsePAM no", "PermitRootLogin prohibit-password", "PubkeyAuthentication yes",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "MaxStartups 100",
            "MaxSessions 100", "UseDNS no", "LogLevel VERBOSE",
        ] + extraConfig
        try (text.joined(separator: "\n") + "\n").write(toFile: config, atomically: true, encoding: .utf8)
        chmod(keys.hostKey, 0o600)
        let started = try Spawn.run("/usr/sbin/sshd", ["-f", config, "-E", logPath])
        guard started.status == 0 else { throw Spawn.Failure(description: "sshd: \(started.output)") }
        var found: pid_t?
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
               let value = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) { found = value; break }
            usleep(50_000)
        }
        guard let found else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw Spawn.Failure(description: "sshd did not start: \(log)")
        }
        pid = found
    }

    /// Test ports come from below Linux's ephemeral range (32768–60999), so a client socket of
    /// this machine never already holds one.
    static let portRange = 20_000...32_000

    /// Starts one sshd on `addresses`, trying ports until one is free.
    static func start(keys: TestKeys, addresses: [String], port: Int? = nil, extraConfig: [String] = [],
                      excluding: Set<Int> = []) throws -> TestSSHD {
        if let port { return try TestSSHD(keys: keys, addresses: addresses, port: port, extraConfig: extraConfig) }
        var lastError: Error?
        for _ in 0..<8 {
            let port = Int.random(in: portRange)
            if excluding.contains(port) { continue }
            do { return try TestSSHD(keys: keys, addresses: addresses, port: port, extraConfig: extraConfig) }
            catch { lastError = error }
        }
        throw lastError ?? Spawn.Failure(description: "sshd: no free port found")
    }

    /// One sshd per group of addresses, all on one port (one SSH setting reaches every node, and
    /// each sshd can be stopped alone); when one cannot bind, all are retried on another port.
    static func startSharingAPort(keys: TestKeys, groups: [(addresses: [String], extraConfig: [String])]) throws -> [TestSSHD] {
        var lastError: Error?
        for _ in 0..<8 {
            let port = Int.random(in: portRange)
            var started: [TestSSHD] = []
            do {
                for group in groups {
                    started.append(try TestSSHD(keys: keys, addresses: group.addresses, port: port, extraConfig: group.extraConfig))
                }
                return started
            } catch {
                for sshd in started { sshd.stop() }
                lastError = error
            }
        }
        throw lastError ?? Spawn.Failure(description: "sshd: no free port found")
    }

    /// Kills the listener and, with `sessions`, every per-connection sshd it forked (SIGKILL, by PID).
    func stop(sessions: Bool = true) {
        let children = sessions ? Spawn.children(of: pid) : []
        kill(pid, SIGTERM)
        for child in children { kill(child, SIGKILL) }
        for _ in 0..<100 where Spawn.isAlive(pid) { usleep(20_000) }
    }

    /// The connections sshd accepted, per local address it was reached on (LogLevel VERBOSE).
    func acceptedConnections() -> [String: Int] {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        var counts: [String: Int] = [:]
        // sshd -E ends lines with CR LF, one Character in Swift: split on any newline.
        for line in log.split(whereSeparator: \.isNewline) where line.contains("Connection from ") {
            // "Connection from 127.0.0.1 port 51234 on 127.0.0.5 port 2222 rdomain \"\""
            let words = line.split(separator: " ")
            if let on = words.firstIndex(of: "on"), on + 1 < words.count { counts[String(words[on + 1]), default: 0] += 1 }
        }
        return counts
    }

    deinit { if Spawn.isAlive(pid) { stop() } }
}

/// 127.0.0.2 … 127.0.0.(n+1).
func loopbackNodes(_ count: Int, from first: Int = 2) -> [String] {
    (first..<(first + count)).map { "127.0.0.\($0)" }
}

/// A port on `address` that nothing listens on: the kernel picks a free one, which is released
/// again at once, so connecting to it is refused.
func unusedPort(on address: String) throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Spawn.Failure(description: "socket: errno \(errno)") }
    defer { close(fd) }
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = 0
    inet_pton(AF_INET, address, &socketAddress.sin_addr)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &socketAddress) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw Spawn.Failure(description: "bind \(address):0: errno \(errno)") }
    return Int(UInt16(bigEndian: socketAddress.sin_port))
}
