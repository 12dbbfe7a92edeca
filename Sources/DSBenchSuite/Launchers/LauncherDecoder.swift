import Yams

/// Decodes a step's `launcher:` mapping; keys that belong to another launcher type are errors.
struct LauncherDecoder {
    let reader: NodeReader

    private static let mpirunOnly = ["hostfile", "map_by", "allow_run_as_root", "oversubscribe", "flavour", "rsh_agent"]
    private static let srunOnly = ["mpi", "gpus_per_node", "partition"]

    func decode(_ entry: NodeReader.Entry) -> StepLauncher? {
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a launcher mapping such as {type: mpirun, ranks_per_node: 8}") else {
            return nil
        }
        reader.checkKeys(entries, allowed: SuiteKeys.launcher, path: entry.path, context: "launcher")
        let value = { (key: String) in entries.first { $0.key == key } }
        guard let typeEntry = value("type") else {
            reader.report(.missingKey, at: entry.value, path: entry.path, found: "no 'type' key",
                          expected: "type: direct, mpirun or srun")
            return nil
        }
        guard let type = reader.choice(typeEntry.value, path: typeEntry.path, from: ["direct", "mpirun", "srun"],
                                       what: "a launcher type") else { return nil }
        for item in entries {
            let owner = Self.mpirunOnly.contains(item.key) ? "mpirun" : Self.srunOnly.contains(item.key) ? "srun" : nil
            if let owner, owner != type {
                reader.report(.conflict, at: item.keyNode, path: item.path, found: "'\(item.key)' in a \(type) launcher",
                              expected: "'\(item.key)' only in \(owner) launchers")
                return nil
            }
        }
        var ok = true
        func int(_ key: String, expected: String = "a number from 1 to 1024") -> Int? {
            guard let item = value(key) else { return nil }
            let number = reader.int(item.value, path: item.path, in: 1...1024, expected: expected)
            if number == nil { ok = false }
            return number
        }
        func text(_ key: String) -> String? {
            guard let item = value(key) else { return nil }
            let string = reader.nonEmptyString(item.value, path: item.path)
            if string == nil { ok = false }
            return string
        }
        func flag(_ key: String) -> Bool {
            guard let item = value(key) else { return false }
            guard let word = reader.choice(item.value, path: item.path, from: ["true", "false"], what: "a boolean") else {
                ok = false
                return false
            }
            return word == "true"
        }
        func choice(_ key: String, _ choices: [String]) -> String? {
            guard let item = value(key) else { return nil }
            let word = reader.choice(item.value, path: item.path, from: choices, what: key)
            if word == nil { ok = false }
            return word
        }
        // `gpus`: as many ranks as the hosts have GPUs (their node_overrides `gpus`), checked by the planner.
        let ranksFromGPUs = value("ranks_per_node").map { $0.value.scalar?.string == "gpus" } ?? false
        let ranks = ranksFromGPUs ? 1
            : int("ranks_per_node", expected: "a number from 1 to 1024, or gpus (the nodes' node_overrides gpus)") ?? 1
        let extra = value("extra_args").map {
            reader.stringList($0.value, path: $0.path, allowSingle: false, expected: "an argv list")
        } ?? []
        let launcher: Launcher
        switch type {
        case "mpirun":
            launcher = .mpirun(MpirunOptions(
                flavour: choice("flavour", MpirunOptions.Flavour.allCases.map(\.rawValue)).flatMap(MpirunOptions.Flavour.init) ?? .openmpi,
                program: text("program") ?? "mpirun", hostfile: text("hostfile"), mapBy: text("map_by"),
                allowRunAsRoot: flag("allow_run_as_root"), oversubscribe: flag("oversubscribe"), rshAgent: text("rsh_agent"),
                extraArgs: extra ?? []))
        case "srun":
            launcher = .srun(SrunOptions(
                program: text("program") ?? "srun",
                mpi: choice("mpi", SrunOptions.MPI.allCases.map(\.rawValue)).flatMap(SrunOptions.MPI.init) ?? .pmix,
                gpusPerNode: int("gpus_per_node"), partition: text("partition"), extraArgs: extra ?? []))
        default:
            launcher = .direct
        }
        guard ok, extra != nil else { return nil }
        return StepLauncher(launcher, ranksPerNode: ranks, ranksPerNodeFromGPUs: ranksFromGPUs)
    }
}
