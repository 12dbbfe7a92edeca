import CLibSSH
import Foundation

/// libssh connects to any server: the host key must be checked explicitly, and anything but a
/// match in known_hosts is refused (an unknown key only with `acceptNewHostKeys`, a changed key never).
enum HostKeyCheck {
    static func verify(_ session: OpaquePointer, node: String, settings: SSHSettings) throws(SSHFailure) {
        let file = settings.knownHostsFile ?? "~/.ssh/known_hosts"
        let state = ssh_session_is_known_server(session)
        switch state {
        case SSH_KNOWN_HOSTS_OK:
            return
        case SSH_KNOWN_HOSTS_CHANGED, SSH_KNOWN_HOSTS_OTHER:
            throw .hostKeyChanged(node: node, fingerprint: fingerprint(session), knownHosts: file)
        case SSH_KNOWN_HOSTS_UNKNOWN, SSH_KNOWN_HOSTS_NOT_FOUND:
            let print = fingerprint(session)
            guard settings.acceptNewHostKeys else {
                throw .hostKeyUnknown(node: node, fingerprint: print, knownHosts: file)
            }
            if ssh_session_update_known_hosts(session) != SSH_OK {
                throw .hostKeyOther(node: node, "could not add key \(print) to \(file): "
                    + SSHConnection.lastError(session))
            }
        default:
            throw .hostKeyOther(node: node, SSHConnection.lastError(session))
        }
    }

    /// `SHA256:…` as OpenSSH prints it.
    static func fingerprint(_ session: OpaquePointer) -> String {
        var key: OpaquePointer?
        guard ssh_get_server_publickey(session, &key) == SSH_OK, let key else { return "(no key)" }
        defer { ssh_key_free(key) }
        var hash: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == 0, let hash else {
            return "(no fingerprint)"
        }
        defer { var h: UnsafeMutablePointer<UInt8>? = hash; ssh_clean_pubkey_hash(&h) }
        guard let text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length) else { return "(no fingerprint)" }
        defer { ssh_string_free_char(text) }
        return String(cString: text)
    }
}
