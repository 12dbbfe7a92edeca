import ArgumentParser

/// `--label key=value`, repeatable: recorded with the run (`run`, `check`).
struct LabelOptions: ParsableArguments {
    @Option(name: .long, help: "Label the run (key=value), repeatable.") var label: [String] = []

    func validate() throws {
        for l in label where !l.contains("=") {
            throw ValidationError("--label expects key=value (got '\(l)')")
        }
    }

    /// The last value of a key given twice wins.
    var labels: [String: String] {
        Dictionary(label.map { l -> (String, String) in
            let parts = l.split(separator: "=", maxSplits: 1)
            return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
        }, uniquingKeysWith: { _, new in new })
    }
}
