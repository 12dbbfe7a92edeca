import Yams

/// Decodes the top-level `ssh:` mapping, and the `ssh:` of a `node_overrides:` entry (`allowed`
/// differs: `hostname` only per node, `known_hosts` only for the whole suite).
struct SuiteSSHDecoder {
    let reader: NodeReader

    func decode(_ entry: NodeReader.Entry, allowed: [String] = SuiteKeys.ssh) -> SuiteSSH {
        var ssh = SuiteSSH()
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping such as {user: admin, port: 22}") else { return ssh }
        reader.checkKeys(entries, allowed: allowed, path: entry.path, context: "ssh")
        for item in entries where allowed.contains(item.key) {
            switch item.key {
            case "user": ssh.user = reader.nonEmptyString(item.value, path: item.path, expected: "a user name")
            case "port": ssh.port = reader.int(item.value, path: item.path, in: 1...65535, expected: "a TCP port, 1 to 65535")
            case "identity": ssh.identity = reader.nonEmptyString(item.value, path: item.path, expected: "a private key file")
            case "jump_host": ssh.jumpHost = reader.nonEmptyString(item.value, path: item.path, expected: "a host ([user@]host[:port])")
            case "connect_timeout": ssh.connectTimeoutSeconds = reader.duration(item.value, path: item.path)
            case "known_hosts": ssh.knownHosts = reader.nonEmptyString(item.value, path: item.path, expected: "a known_hosts file")
            case "hostname": ssh.hostName = reader.nonEmptyString(item.value, path: item.path, expected: "a host name or address to connect to")
            default: break
            }
        }
        return ssh
    }
}
