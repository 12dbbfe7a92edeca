import Yams

/// Decodes the top-level `ssh:` mapping.
struct SuiteSSHDecoder {
    let reader: NodeReader

    func decode(_ entry: NodeReader.Entry) -> SuiteSSH {
        var ssh = SuiteSSH()
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping such as {user: admin, port: 22}") else { return ssh }
        reader.checkKeys(entries, allowed: SuiteKeys.ssh, path: entry.path, context: "ssh")
        for item in entries {
            switch item.key {
            case "user": ssh.user = reader.nonEmptyString(item.value, path: item.path, expected: "a user name")
            case "port": ssh.port = reader.int(item.value, path: item.path, in: 1...65535, expected: "a TCP port, 1 to 65535")
            case "identity": ssh.identity = reader.nonEmptyString(item.value, path: item.path, expected: "a private key file")
            case "jump_host": ssh.jumpHost = reader.nonEmptyString(item.value, path: item.path, expected: "a host ([user@]host[:port])")
            case "connect_timeout": ssh.connectTimeoutSeconds = reader.duration(item.value, path: item.path)
            case "known_hosts": ssh.knownHosts = reader.nonEmptyString(item.value, path: item.path, expected: "a known_hosts file")
            default: break
            }
        }
        return ssh
    }
}
