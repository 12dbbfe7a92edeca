/// POSIX-shell quoting for DISPLAY only (`dsbench plan`, logs). Nothing in dsbench ever hands the
/// result to a shell: argv travel as arrays to the executor.
public enum ShellQuote {
    public static func quote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-_./:=,+@%".unicodeScalars.contains(scalar)
        }
        if !word.isEmpty && safe { return word }
        var quoted = "'"
        for character in word {
            quoted += character == "'" ? "'\\''" : String(character)
        }
        return quoted + "'"
    }

    public static func join(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }
}
