import CLibSSH
import DSBenchCore
import Foundation

/// One libssh session to one node, shared by every command of the run (a channel per command).
///
/// libssh sessions are not thread-safe, so every call on the session happens under `lock`. Reads
/// are non-blocking and any thread that pumps reads every open channel of the session, so a command
/// and a background capture on the same node progress together without a thread per channel.
/// The `ChannelWatcher` polls the socket outside the lock.
final class SSHConnection: @unchecked Sendable {
    let node: String
    let user: String
    private let lock = NSLock()
    private var session: OpaquePointer?
    private var channels: [RemoteChannel] = []
    private var lostReason: String?
    private let fd: Int32
    /// Set by every call that may have read packets for other channels into libssh's buffers
    /// (a blocking exec, exit status or close), where `poll` on the socket cannot see them.
    private var needsPump = false

    /// The session's socket, for `poll`.
    var socket: Int32 { fd }

    /// Whether a read is due although the socket may show nothing; clears the flag. Never waits:
    /// while another thread holds the session the answer is no (it sets the flag again when done).
    func takeNeedsPump() -> Bool {
        guard lock.try() else { return false }
        defer { lock.unlock() }
        defer { needsPump = false }
        return needsPump
    }

    private init(node: String, user: String, session: OpaquePointer) {
        self.node = node; self.user = user; self.session = session
        fd = Int32(ssh_get_fd(session))
    }

    /// Connects, verifies the host key and authenticates. Blocking: call it on a pool thread.
    static func open(node: String, settings: SSHSettings) throws(SSHFailure) -> SSHConnection {
        try loadLibSSH(node: node)
        guard let session = ssh_new() else { throw .option(node: node, "libssh could not allocate a session") }
        var handedOver = false
        defer { if !handedOver { ssh_disconnect(session); ssh_free(session) } }
        try configure(session, node: node, settings: settings)
        if ssh_connect(session) != SSH_OK {
            throw .connect(node: node, lastError(session))
        }
        // libssh fills in the default user during ssh_connect.
        let user = option(session, SSH_OPTIONS_USER) ?? settings.user ?? NSUserName()
        try HostKeyCheck.verify(session, node: node, settings: settings)
        let auth = ssh_userauth_publickey_auto(session, nil, nil)
        guard auth == SSH_AUTH_SUCCESS.rawValue else {
            var detail = lastError(session)
            if detail.hasPrefix("Failed to read private key") { detail += " (an encrypted key needs ssh-agent)" }
            throw .auth(node: node, user: user, detail.isEmpty
                ? "no key was accepted (tried ssh-agent\(settings.identityFile.map { ", \($0)" } ?? "") and the default keys; "
                    + "an encrypted key needs ssh-agent)"
                : detail)
        }
        handedOver = true
        return SSHConnection(node: node, user: user, session: session)
    }

    private static func loadLibSSH(node: String) throws(SSHFailure) {
        var reason = [CChar](repeating: 0, count: 512)
        if dsb_libssh_load(&reason, reason.count) != 0 { throw .library(node: node, String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
    }

    private static func configure(_ session: OpaquePointer, node: String, settings: SSHSettings) throws(SSHFailure) {
        func set(_ type: ssh_options_e, _ value: UnsafeRawPointer, _ what: String) throws(SSHFailure) {
            if ssh_options_set(session, type, value) != SSH_OK {
                throw .option(node: node, "\(what): \(lastError(session))")
            }
        }
        func set(_ type: ssh_options_e, string: String, _ what: String) throws(SSHFailure) {
            let rc = string.withCString { ssh_options_set(session, type, $0) }
            if rc != SSH_OK { throw .option(node: node, "\(what) '\(string)': \(lastError(session))") }
        }
        // Options set before the config is parsed win over it, as with `ssh -o`.
        try set(SSH_OPTIONS_HOST, string: node, "host")
        if let user = settings.user { try set(SSH_OPTIONS_USER, string: user, "user") }
        if let port = settings.port {
            guard (1...65535).contains(port) else { throw .option(node: node, "port \(port) is out of range") }
            var value = UInt32(port)
            try set(SSH_OPTIONS_PORT, &value, "port")
        }
        if let identity = settings.identityFile {
            guard FileManager.default.isReadableFile(atPath: identity) else {
                throw .option(node: node, "identity file \(identity) does not exist or is not readable")
            }
            try set(SSH_OPTIONS_IDENTITY, string: identity, "identity file")
        }
        if let jump = settings.jumpHost {
            var command = "ssh"
            if let config = settings.configFile { command += " -F " + RemoteCommand.quote(config) }
            command += " -W [%h]:%p " + RemoteCommand.quote(jump)
            try set(SSH_OPTIONS_PROXYCOMMAND, string: command, "jump host")
        }
        if let knownHosts = settings.knownHostsFile {
            try set(SSH_OPTIONS_KNOWNHOSTS, string: knownHosts, "known_hosts")
            try set(SSH_OPTIONS_GLOBAL_KNOWNHOSTS, string: "/dev/null", "global known_hosts")
        }
        var timeout = settings.connectTimeoutSeconds
        try set(SSH_OPTIONS_TIMEOUT, &timeout, "connect timeout")
        // A channel open and its exec request are two small writes: with Nagle on, the second
        // waits for the server's delayed ACK, 40 ms per command (measured with strace). OpenSSH
        // sets TCP_NODELAY on its sessions too.
        var noDelay: Int32 = 1
        try set(SSH_OPTIONS_NODELAY, &noDelay, "TCP_NODELAY")
        if let config = settings.configFile {
            guard FileManager.default.isReadableFile(atPath: config) else {
                throw .option(node: node, "ssh config \(config) does not exist or is not readable")
            }
        }
        let parsed = settings.configFile.map { path in path.withCString { ssh_options_parse_config(session, $0) } }
            ?? ssh_options_parse_config(session, nil)
        if parsed != SSH_OK { throw .option(node: node, "reading ssh config: \(lastError(session))") }
        // After the config, so it wins over a HostName there, as the suite's settings do.
        if let hostName = settings.hostName { try set(SSH_OPTIONS_HOST, string: hostName, "host name") }
        // Parsed once here; otherwise ssh_connect reads ~/.ssh/config and /etc/ssh/ssh_config again.
        var processConfig = false
        try set(SSH_OPTIONS_PROCESS_CONFIG, &processConfig, "config processing")
    }

    static func option(_ session: OpaquePointer, _ type: ssh_options_e) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ssh_options_get(session, type, &value) == SSH_OK, let value else { return nil }
        defer { ssh_string_free_char(value) }
        return String(cString: value)
    }

    static func lastError(_ session: OpaquePointer) -> String {
        guard let message = ssh_get_error(UnsafeMutableRawPointer(session)) else { return "" }
        return String(cString: message)
    }

    // MARK: - Channels

    /// Opens a channel and starts `command` on it.
    func exec(_ command: String, output: (@Sendable (Bool, [UInt8]) -> Void)?) throws(SSHFailure) -> RemoteChannel {
        lock.lock()
        defer { needsPump = true; lock.unlock() }
        guard let session, lostReason == nil else { throw .lost(node: node, lostReason ?? "session closed") }
        guard let channel = ssh_channel_new(session) else { throw markLostLocked("cannot create a channel") }
        if ssh_channel_open_session(channel) != SSH_OK {
            let reason = Self.lastError(session)
            ssh_channel_free(channel)
            if ssh_is_connected(session) == 0 { throw markLostLocked(reason) }
            throw .connect(node: node, "cannot open a channel: \(reason)")
        }
        if command.withCString({ ssh_channel_request_exec(channel, $0) }) != SSH_OK {
            let reason = Self.lastError(session)
            ssh_channel_close(channel)
            ssh_channel_free(channel)
            throw markLostLocked("exec request refused: \(reason)")
        }
        let remote = RemoteChannel(channel: channel, output: output)
        // A remote shell killed by a signal sends "exit-signal" instead of "exit-status".
        remote.callbacks.pointee.userdata = Unmanaged.passUnretained(remote).toOpaque()
        remote.callbacks.pointee.channel_exit_signal_function = { _, _, signal, _, _, _, userdata in
            guard let userdata, let signal else { return }
            Unmanaged<RemoteChannel>.fromOpaque(userdata).takeUnretainedValue().exitSignal = String(cString: signal)
        }
        _ = ssh_set_channel_callbacks(channel, remote.callbacks)
        channels.append(remote)
        return remote
    }

    /// Reads whatever has arrived on every open channel (true if anything did), unless another
    /// thread holds the session (a blocking channel open toward a slow node): then nil, and the
    /// watcher moves on to the other nodes instead of waiting.
    func pumpIfFree() -> Bool? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        return pumpLocked()
    }

    /// The channel's state without waiting for the session's lock; nil while another thread holds it.
    func stateIfFree(_ remote: RemoteChannel) -> (lost: Bool, finished: Bool)? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        return (lostReason != nil, remote.isFinished)
    }

    /// Closes the channel's stdin, so the remote watchdog kills the command's process group; without
    /// waiting for the session's lock: false if it was busy (try again).
    func sendEOFIfFree(_ remote: RemoteChannel) -> Bool {
        guard lock.try() else { return false }
        defer { lock.unlock() }
        if lostReason == nil && !remote.eofSent {
            remote.eofSent = true
            _ = ssh_channel_send_eof(remote.channel)
        }
        return true
    }

    private func pumpLocked() -> Bool {
        guard let session, lostReason == nil else { return false }
        var progressed = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        for remote in channels where !remote.isFinished {
            for stderr in [false, true] {
                while !(stderr ? remote.stderrEOF : remote.stdoutEOF) {
                    let count = buffer.withUnsafeMutableBytes {
                        ssh_channel_read_nonblocking(remote.channel, $0.baseAddress, UInt32($0.count), stderr ? 1 : 0)
                    }
                    if count > 0 {
                        remote.append(Array(buffer[0..<Int(count)]), stderr: stderr)
                        progressed = true
                    } else if count == SSH_EOF {
                        if stderr { remote.stderrEOF = true } else { remote.stdoutEOF = true }
                        progressed = true
                    } else if count == 0 {
                        break
                    } else {
                        _ = markLostLocked(Self.lastError(session))
                        return true
                    }
                }
            }
            if !remote.isFinished && ssh_channel_is_closed(remote.channel) != 0 {
                remote.stdoutEOF = true; remote.stderrEOF = true
                progressed = true
            }
        }
        if ssh_is_connected(session) == 0 {
            _ = markLostLocked(Self.lastError(session).isEmpty ? "the server closed the connection" : Self.lastError(session))
            progressed = true
        }
        return progressed
    }


    /// How the remote command ended: its exit status, or the signal that killed the remote shell
    /// (nil when neither came); then closes and frees the channel.
    func finish(_ remote: RemoteChannel) -> RemoteExit? {
        lock.withLock {
            needsPump = true
            // After `close()` (the session dropped and another command of the node discarded it)
            // the channel is already freed, with the session: touching it again would be a double free.
            guard session != nil, channels.contains(where: { $0 === remote }) else { return nil }
            var status: RemoteExit?
            if lostReason == nil && remote.isFinished {
                let value = ssh_channel_get_exit_status(remote.channel)
                if value >= 0 { status = .status(value) }
                else if let name = remote.exitSignal { status = .signal(name) }
            }
            if lostReason == nil { ssh_channel_close(remote.channel) }
            ssh_channel_free(remote.channel)
            channels.removeAll { $0 === remote }
            return status
        }
    }


    /// Reads what has arrived (waiting for the session's lock), then the channel's stdout so far.
    func pumpedStdout(_ remote: RemoteChannel) -> (stdout: [UInt8], finished: Bool) {
        lock.withLock {
            _ = pumpLocked()
            return (remote.stdout, remote.isFinished || lostReason != nil)
        }
    }

    func outputs(_ remote: RemoteChannel) -> (stdout: [UInt8], stderr: [UInt8]) {
        lock.withLock { (remote.stdout, remote.stderr) }
    }

    /// Why the session is unusable, or nil while it works.
    var lost: String? { lock.withLock { lostReason } }

    func close() {
        lock.withLock {
            for remote in channels { ssh_channel_free(remote.channel) }
            channels.removeAll()
            if let session {
                if lostReason == nil { ssh_disconnect(session) }
                ssh_free(session)
            }
            session = nil
            if lostReason == nil { lostReason = "closed by dsbench" }
        }
    }

    private func markLostLocked(_ reason: String) -> SSHFailure {
        if lostReason == nil { lostReason = reason.isEmpty ? "the connection dropped" : reason }
        return .lost(node: node, lostReason!)
    }
}

/// One command's channel and what it has produced so far (touched only under the session lock).
final class RemoteChannel: @unchecked Sendable {
    let channel: OpaquePointer
    private let output: (@Sendable (Bool, [UInt8]) -> Void)?
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var stdoutEOF = false
    var stderrEOF = false
    var eofSent = false
    var exitSignal: String?
    /// Must outlive the channel (libssh keeps the pointer).
    let callbacks: UnsafeMutablePointer<ssh_channel_callbacks_struct>

    init(channel: OpaquePointer, output: (@Sendable (Bool, [UInt8]) -> Void)?) {
        self.channel = channel; self.output = output
        callbacks = .allocate(capacity: 1)
        callbacks.initialize(to: ssh_channel_callbacks_struct())
        callbacks.pointee.size = MemoryLayout<ssh_channel_callbacks_struct>.size
    }

    deinit { callbacks.deallocate() }

    var isFinished: Bool { stdoutEOF && stderrEOF }

    func append(_ bytes: [UInt8], stderr isStderr: Bool) {
        if isStderr { stderr += bytes } else { stdout += bytes }
        output?(isStderr, bytes)
    }
}

/// How a remote command's shell ended, as the server reported it.
enum RemoteExit: Equatable {
    case status(Int32)
    /// The signal name without "SIG" (`TERM`, `KILL`), per RFC 4254.
    case signal(String)

    var termination: Termination {
        switch self {
        case .status(let code): return RemoteRun.termination(ofStatus: code)
        case .signal(let name): return .signaled(Self.number(of: name))
        }
    }

    static func number(of name: String) -> Int32 {
        let numbers: [String: Int32] = ["HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "ABRT": 6, "FPE": 8, "KILL": 9,
                                        "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15]
        return numbers[name] ?? 0
    }
}
