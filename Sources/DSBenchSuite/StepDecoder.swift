import DSBenchCore
import Yams

/// Decodes `steps:`: the keys every step shares, exactly one kind per step, unique names.
struct StepDecoder {
    let reader: NodeReader
    let captures: SuiteCaptures

    func decodeSteps(_ entry: NodeReader.Entry) -> [SuiteStep]? {
        guard case .sequence(let sequence) = entry.value else {
            reader.report(.wrongType, at: entry.value, path: entry.path, found: NodeReader.describe(entry.value),
                          expected: "a list of steps ('- name: …')")
            return nil
        }
        guard !sequence.isEmpty else {
            reader.report(.invalidValue, at: entry.value, path: entry.path, found: "an empty list",
                          expected: "at least one step")
            return nil
        }
        var steps: [SuiteStep] = []
        var firstUse: [String: (path: String, line: Int)] = [:]
        for (index, node) in sequence.enumerated() {
            let path = "\(entry.path)[\(index)]"
            let (step, name, nameNode) = decodeStep(node, path: path)
            // Names are checked even when the rest of a step is wrong, so every problem shows at once.
            if let name {
                if let first = firstUse[name] {
                    reader.report(.duplicate, at: nameNode, path: "\(path).name",
                                  found: "step name '\(name)' again (first used by \(first.path) at line \(first.line))",
                                  expected: "a unique step name",
                                  hint: "steps without 'name:' are named after their kind; give each its own name")
                    continue
                }
                firstUse[name] = (path, nameNode.mark?.line ?? 0)
            }
            if let step { steps.append(step) }
        }
        return steps
    }

    /// The step (nil when invalid), its name when known, and the node the name came from (the step
    /// itself when the name is implied by the kind).
    private func decodeStep(_ node: Node, path: String) -> (SuiteStep?, String?, Node) {
        guard let entries = reader.entries(node, path: path,
                                           expected: "a step mapping such as {name: x, nccl: all_reduce}") else {
            return (nil, nil, node)
        }
        reader.checkKeys(entries, allowed: SuiteKeys.step, path: path, context: "step")
        let value = { (key: String) in entries.first { $0.key == key } }

        // A missing or doubled kind is reported, and the rest of the step is still checked.
        let kinds = entries.filter { SuiteKeys.stepKinds.contains($0.key) }
        var kind: String?
        if kinds.isEmpty {
            reader.report(.missingKey, at: node, path: path, found: "no step kind",
                          expected: "exactly one of nccl, inventory, command, workload")
        } else if kinds.count > 1 {
            reader.report(.conflict, at: kinds[1].keyNode, path: kinds[1].path,
                          found: "both '\(kinds[0].key)' and '\(kinds[1].key)' in one step",
                          expected: "exactly one of nccl, inventory, command, workload",
                          hint: "split them into two steps")
        } else {
            kind = kinds[0].key
        }
        if let kind { checkKindSpecificKeys(entries, kind: kind) }

        let action: StepAction?
        switch (kind, kinds.first) {
        case ("nccl"?, let entry?):
            action = NcclStepDecoder(reader: reader).decode(entry, entries: entries).map(StepAction.nccl)
        case ("inventory"?, let entry?): action = decodeInventory(entry)
        case ("command"?, let entry?): action = decodeCommand(entry, parser: value("parser"))
        case ("workload"?, let entry?):
            action = WorkloadStepDecoder(reader: reader).decode(entry, entries: entries).map(StepAction.workload)
        case ("nvbandwidth"?, let entry?):
            action = NvbandwidthStepDecoder(reader: reader).decode(entry).map(StepAction.nvbandwidth)
        default: action = nil
        }

        let nameNode = value("name")?.value
        let name: String?
        if let nameEntry = value("name") {
            name = Names.identifier(nameEntry.value, path: nameEntry.path, reader: reader, what: "step name")
        } else {
            switch (kind, action) {
            case (_, .nccl(let nccl)?): name = nccl.test.rawValue
            case ("inventory"?, _): name = "inventory"
            case ("nvbandwidth"?, _): name = "nvbandwidth"
            case ("command"?, _), ("workload"?, _):
                reader.report(.missingKey, at: node, path: "\(path).name", found: "no 'name' key",
                              expected: "a name for the \(kind ?? "") step")
                name = nil
            default: name = nil   // no usable kind, or a wrong nccl test name: already reported
            }
        }

        let env = value("env").map { reader.env($0.value, path: $0.path) } ?? []
        let matrix = value("env_matrix").map { EnvMatrixDecoder(reader: reader).decode($0) } ?? []
        let repeatCount = value("repeat").map {
            reader.int($0.value, path: $0.path, in: 1...10_000, expected: "a repeat count from 1 to 10000")
        } ?? 1
        let timeout = value("timeout").flatMap { reader.duration($0.value, path: $0.path) }
        let workdir = value("workdir").flatMap {
            reader.nonEmptyString($0.value, path: $0.path, expected: "a directory path")
        }
        let stepCaptures = value("captures").flatMap { decodeCaptureNames($0) }
        let nodes = value("nodes").flatMap { reader.nodes($0.value, path: $0.path) }
        let regression = value("regression").flatMap { RegressionDecoder(reader: reader).decodeStep($0) }
        let placement = value("placement").map { entry in
            reader.choice(entry.value, path: entry.path, from: Placement.allCases.map(\.rawValue), what: "a placement")
                .flatMap(Placement.init(rawValue:))
        } ?? .each
        let launcher = value("launcher").map { LauncherDecoder(reader: reader).decode($0) } ?? StepLauncher()
        let expect = value("expect").map { EnvMatrixDecoder.expectation($0, reader: reader) } ?? .normal
        var profile: ProfileSpec?
        var profileRefused = false
        if let entry = value("profile") {
            profile = ProfileDecoder(reader: reader).decode(entry)
            profileRefused = profile == nil
        }

        guard let action, let name, let env, let matrix, let repeatCount, let placement, let launcher, let expect,
              !profileRefused else {
            return (nil, name, nameNode ?? node)
        }
        if placement == .each, launcher.launcher != .direct, let entry = value("launcher") {
            reader.report(.conflict, at: entry.keyNode, path: entry.path,
                          found: "a \(launcher.launcher.name) launcher on a step with placement: each",
                          expected: "placement: all for a launcher that spans nodes")
            return (nil, name, nameNode ?? node)
        }
        let step = SuiteStep(name: name, action: action, env: env, envMatrix: matrix, repeatCount: repeatCount,
                             timeoutSeconds: timeout, workdir: workdir, captures: stepCaptures, nodes: nodes,
                             regression: regression, placement: placement, launcher: launcher, expect: expect,
                             profile: profile)
        return (step, name, nameNode ?? node)
    }

    private func checkKindSpecificKeys(_ entries: [NodeReader.Entry], kind: String) {
        for entry in entries {
            let owner: String
            if SuiteKeys.ncclOnly.contains(entry.key) { owner = "nccl" }
            else if SuiteKeys.commandOnly.contains(entry.key) { owner = "command" }
            else if SuiteKeys.workloadOnly.contains(entry.key) { owner = "workload" }
            else if SuiteKeys.profiled.contains(entry.key) {
                if kind != "workload" && kind != "command" {
                    reader.report(.conflict, at: entry.keyNode, path: entry.path, found: "'\(entry.key)' in a \(kind) step",
                                  expected: "'\(entry.key)' only in workload and command steps")
                }
                continue
            }
            else { continue }
            if owner != kind {
                reader.report(.conflict, at: entry.keyNode, path: entry.path,
                              found: "'\(entry.key)' in a \(kind) step",
                              expected: "'\(entry.key)' only in \(owner) steps")
            }
        }
    }

    private func decodeInventory(_ entry: NodeReader.Entry) -> StepAction? {
        if NodeReader.isNull(entry.value) { return .inventory(InventoryOptions()) }
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "{} or {health: quick|full, kernel_log_window: 24h}") else {
            return nil
        }
        reader.checkKeys(entries, allowed: SuiteKeys.inventory, path: entry.path, context: "inventory")
        guard entries.allSatisfy({ SuiteKeys.inventory.contains($0.key) }) else { return nil }
        return decodeInventoryOptions(entries).map { .inventory($0) }
    }

    private func decodeCommand(_ entry: NodeReader.Entry, parser: NodeReader.Entry?) -> StepAction? {
        let expected = "an argv list such as [echo, hello]"
        if case .scalar = entry.value, !NodeReader.isNull(entry.value) {
            reader.report(.wrongType, at: entry.value, path: entry.path, found: NodeReader.describe(entry.value),
                          expected: expected,
                          hint: "argv is never split on spaces; write [sh, -c, '…'] to use a shell")
            return nil
        }
        guard let argv = reader.stringList(entry.value, path: entry.path, allowSingle: false,
                                           expected: expected) else { return nil }
        guard let program = argv.first, !program.isEmpty else {
            reader.report(.invalidValue, at: entry.value, path: entry.path,
                          found: argv.isEmpty ? "an empty list" : "an empty program name", expected: expected)
            return nil
        }
        var parserKind: ParserKind?
        if let parser {
            let names = ParserKind.allCases.map(\.rawValue)
            guard let name = reader.choice(parser.value, path: parser.path, from: names, what: "a parser") else {
                return nil
            }
            parserKind = ParserKind(rawValue: name)
        }
        return .command(CommandStep(argv: argv, parser: parserKind))
    }

    private func decodeCaptureNames(_ entry: NodeReader.Entry) -> [String]? {
        guard let names = reader.stringList(entry.value, path: entry.path, allowSingle: false,
                                            expected: "a list of capture names such as [dmon], or []") else {
            return nil
        }
        guard case .sequence(let items) = entry.value else { return nil }
        var result: [String] = []
        for (index, (name, item)) in zip(names, items).enumerated() {
            guard captures.names.contains(name) else {
                let declared = captures.names.isEmpty ? "none are declared" : captures.names.joined(separator: ", ")
                let hint = SuiteKeys.captures.contains(name)
                    ? "declare it at the top level under 'captures:'"
                    : DidYouMean.hint(name, from: captures.names.isEmpty ? SuiteKeys.captures : captures.names)
                reader.report(.invalidValue, at: item, path: "\(entry.path)[\(index)]",
                              found: "capture '\(name)'", expected: "a declared capture (\(declared))", hint: hint)
                return nil
            }
            if !result.contains(name) { result.append(name) }
        }
        return result
    }
}
