import DSBenchCore

/// Turns a planned argv into the one command string an SSH exec request carries.
///
/// SSH has no argv: the remote login shell parses a string. Every element (argv, env values, paths)
/// is single-quoted on its own, so `; rm -rf /` in a value stays a literal argument. The string is
/// `exec sh -c '<script>' dsbench-remote '<argv0>' '<argv1>' …`: whatever the login shell is, it
/// only has to run `sh` with quoted words, and the script finds the argv in `"$@"`.
///
/// The command runs as the leader of its own process group (this shell exec'd into it, sshd having
/// made the session a process group; else `setsid`) and a watchdog keeps the channel's stdin: when
/// dsbench closes stdin (timeout, Ctrl-C, stop of a capture) or the connection dies, the watchdog
/// sends SIGTERM to the whole group and SIGKILL `killGrace` seconds later. OpenSSH refuses the "signal" channel request for root, and closing the
/// channel alone leaves the remote process running, hence the wrapper.
public enum RemoteCommand {
    /// Printed on stderr by the wrapper when the command could not start; dsbench turns such a
    /// line into `Termination.failedToStart`.
    public static let failureMarker = "dsbench-remote: "
    /// Exit codes of the wrapper's own failures (as POSIX shells use them).
    public static let notFoundStatus: Int32 = 127
    public static let cannotStartStatus: Int32 = 126

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case emptyArgv
        case badEnvName(String)
        case nulCharacter(String)

        public var description: String {
            switch self {
            case .emptyArgv: return "empty command (no argv)"
            case .badEnvName(let name): return "'\(name)' is not an environment variable name"
            case .nulCharacter(let what): return "\(what) contains a NUL character, which cannot cross SSH"
            }
        }
    }

    /// POSIX single quoting: the result is one word whose value is exactly `word`.
    public static func quote(_ word: String) -> String {
        var quoted = "'"
        for character in word {
            quoted += character == "'" ? "'\\''" : String(character)
        }
        return quoted + "'"
    }

    /// The full command string for `command`.
    public static func build(argv: [String], env: [EnvVar], workingDirectory: String?, searchPaths: [String],
                             killGrace: Double) throws(Problem) -> String {
        guard !argv.isEmpty else { throw .emptyArgv }
        for word in argv where word.contains("\0") { throw .nulCharacter("argument '\(word.prefix(40))'") }
        var script: [String] = []
        if let workingDirectory {
            if workingDirectory.contains("\0") { throw .nulCharacter("working directory") }
            script.append("cd -- \(quote(workingDirectory)) 2>/dev/null || { printf '%s%s\\n' "
                + "\(quote(failureMarker)) \(quote("cannot change to directory \(workingDirectory)")) >&2; "
                + "exit \(cannotStartStatus); }")
        }
        for variable in env {
            guard isEnvName(variable.name) else { throw .badEnvName(variable.name) }
            if variable.value.contains("\0") { throw .nulCharacter("environment variable \(variable.name)") }
            script.append("\(variable.name)=\(quote(variable.value)); export \(variable.name)")
        }
        if !searchPaths.isEmpty {
            script.append("PATH=\(quote(searchPaths.joined(separator: ":"))):\"$PATH\"; export PATH")
        }
        let grace = killGrace.isFinite && killGrace >= 0 ? Int(killGrace.rounded(.up)) : 2
        script += [
            "command -v \"$1\" >/dev/null 2>&1 || { printf '%s%s: command not found\\n' "
                + "\(quote(failureMarker)) \"$1\" >&2; exit \(notFoundStatus); }",
            // dash gives background jobs /dev/null as stdin, so keep the channel's stdin on fd 3.
            "exec 3<&0",
            // sshd starts each session with setsid(), so this shell (exec'd by the login shell) leads
            // its process group: Linux's /proc/$$/stat field 5 says so.
            "read -r _ _ _ _ g _ </proc/$$/stat 2>/dev/null || g=",
            "if [ \"$g\" = \"$$\" ]; then",
            // Then the command replaces this shell: sshd sees its real wait status and reports an
            // exit code as exit-status and a signal as exit-signal, which `wait` below cannot tell
            // apart (130 is both `exit 130` and SIGINT). The watchdog ignores TERM so that it
            // outlives the group's SIGTERM and can send the SIGKILL; it stops quietly when the
            // command has already exited (its pid gone) by the time stdin closes.
            "  { trap '' TERM; while read -r _ <&3; do :; done; kill -0 $$ || exit 0; "
                + "kill -TERM -$$; sleep \(grace); kill -KILL -$$; } </dev/null >/dev/null 2>&1 &",
            "  exec 3<&-",
            "  exec \"$@\"",
            "fi",
            // Not a group leader (another SSH server, a ForceCommand wrapper): run the command in its
            // own session and wait for it.
            "setsid \"$@\" </dev/null 3<&- &",
            "p=$!",
            // `read` is a builtin: the watchdog costs the node one fork, no exec.
            "{ while read -r _ <&3; do :; done; kill -TERM -$p; sleep \(grace); kill -KILL -$p; } </dev/null >/dev/null 2>&1 &",
            "w=$!",
            "exec 3<&-",
            "wait $p; s=$?",
            // The command is done with stderr; keep the shell's job notices out of it.
            "exec 2>/dev/null",
            "kill $w",
            // `wait` says 128+N both for `exit 128+N` and for death by signal N: take the signal,
            // the likelier one, and die of it so sshd reports exit-signal as on the path above.
            "case $s in 129|130|131|132|134|136|137|139|141|142|143) kill -$((s - 128)) $$;; esac",
            "exit $s",
        ]
        return "exec sh -c " + quote(script.joined(separator: "\n")) + " dsbench-remote "
            + argv.map(quote).joined(separator: " ")
    }

    static func isEnvName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first)
                || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
    }
}
