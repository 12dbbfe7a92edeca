import DSBenchCore
import Yams

/// Turns a composed YAML tree into a `Suite`, collecting every error on the way.
struct SuiteDecoder {
    let reader: NodeReader

    func decode(_ root: Node) -> Suite? {
        guard let entries = reader.entries(root, path: "",
                                           expected: "a mapping with at least 'suite:' and 'steps:'") else {
            return nil
        }
        reader.checkKeys(entries, allowed: SuiteKeys.topLevel, path: "", context: "top-level")
        let value = { (key: String) in entries.first { $0.key == key } }

        if let version = value("version") {
            _ = reader.int(version.value, path: version.path,
                           in: SuiteKeys.formatVersion...SuiteKeys.formatVersion,
                           expected: "\(SuiteKeys.formatVersion) (the only suite format so far)")
        }
        let name = reader.requireKey("suite", in: entries, mapping: root, path: "",
                                     expected: "the suite's name, e.g. 'suite: nightly'")
            .flatMap { Names.identifier($0.value, path: $0.path, reader: reader, what: "suite name") }
        let description = value("description").flatMap { reader.string($0.value, path: $0.path) }
        // Before anything that holds env: every env value is marked secret (or not) as it is read.
        if let redact = value("redact_env") { reader.secretEnv = decodeRedactEnv(redact) }
        let groups = value("groups").map { decodeGroups($0) } ?? [:]
        reader.groups = groups
        let nodes = value("nodes").map { reader.nodes($0.value, path: $0.path) } ?? [Suite.localNode]
        let defaults = value("defaults").map { decodeDefaults($0) } ?? SuiteDefaults()
        let captures = value("captures").map { decodeCaptures($0) } ?? SuiteCaptures()
        let health = value("health").map { HealthDecoder(reader: reader).decode($0) } ?? HealthSettings()
        let verdict = value("verdict").map { VerdictDecoder(reader: reader).decode($0) } ?? VerdictPolicy()
        let ssh = value("ssh").map { SuiteSSHDecoder(reader: reader).decode($0) } ?? SuiteSSH()

        var steps: [SuiteStep] = []
        let errorsBeforeSteps = reader.errors.count
        if let stepsEntry = reader.requireKey("steps", in: entries, mapping: root, path: "",
                                               expected: "a list of steps") {
            steps = StepDecoder(reader: reader, captures: captures).decodeSteps(stepsEntry) ?? []
        }
        // Decoded after the steps, whose metrics it may name (errors are sorted by position).
        let knownMetrics = reader.errors.count == errorsBeforeSteps ? Self.metricNames(steps) : nil
        let regression = value("regression").map {
            RegressionDecoder(reader: reader).decodePolicy($0, knownMetrics: knownMetrics)
        } ?? RegressionPolicy()
        var overrides: [NodeOverride] = []
        if let entry = value("node_overrides") {
            var known = nodes ?? []
            var seen = Set(known)
            for list in steps.compactMap(\.nodes) + groups.keys.sorted().compactMap({ groups[$0] }) {
                known += list.filter { seen.insert($0).inserted }
            }
            overrides = NodeOverridesDecoder(reader: reader, knownNodes: known).decode(entry)
        }
        if reader.errors.isEmpty, let nodes, let stepsEntry = value("steps") {
            checkPlanSize(steps, suiteNodes: nodes, limit: defaults.maxPlannedSteps, stepsEntry: stepsEntry)
        }
        guard reader.errors.isEmpty, let name, let nodes else { return nil }
        var suite = Suite(name: name, description: description, nodes: nodes, defaults: defaults,
                          captures: captures, steps: steps, regression: regression, health: health, verdict: verdict, ssh: ssh,
                          groups: groups, nodeOverrides: overrides)
        suite.secretEnv = reader.secretEnv
        return suite
    }

    /// `redact_env: {also: [PATTERN…], except: [NAME…]}`.
    private func decodeRedactEnv(_ entry: NodeReader.Entry) -> SecretEnv {
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping such as {also: [INTERNAL_PASS], except: [MY_KEYBOARD]}") else {
            return SecretEnv()
        }
        reader.checkKeys(entries, allowed: SuiteKeys.redactEnv, path: entry.path, context: "redact_env")
        let list = { (key: String, expected: String) -> [String] in
            guard let item = entries.first(where: { $0.key == key }) else { return [] }
            return reader.stringList(item.value, path: item.path, allowSingle: true, expected: expected) ?? []
        }
        return SecretEnv(also: list("also", "name patterns (any case) whose values are secrets"),
                         except: list("except", "exact names kept in the clear"))
    }

    /// The plan's size is checked here, where the YAML positions are known, so the error points at
    /// the key that multiplies it most; the planner checks again with the command line's overrides.
    private func checkPlanSize(_ steps: [SuiteStep], suiteNodes: [String], limit: Int, stepsEntry: NodeReader.Entry) {
        let size = PlanSize.count(steps, nodes: { ($0.nodes ?? suiteNodes).count })
        guard size.total > limit, let largest = size.largest else { return }
        // Without errors every step decoded, so step i is the i-th item of the list.
        var node: Node? = stepsEntry.value
        var path = "\(stepsEntry.path)[\(largest.index)]"
        if case .sequence(let items) = stepsEntry.value, largest.index < items.count {
            node = items[largest.index]
            // The largest factor the step itself sets (the suite's `nodes:` may be the larger one).
            let factors = [("nodes", largest.nodes), ("env_matrix", largest.variants), ("repeat", largest.repeats)]
            if case .mapping(let mapping) = items[largest.index],
               let (key, factor) = factors.filter({ $0.1 > 1 }).sorted(by: { $0.1 > $1.1 })
                   .lazy.compactMap({ factor in mapping.first { $0.key.string == factor.0 }.map { ($0.key, factor.0) } }).first {
                node = key
                path += ".\(factor)"
            }
        }
        reader.report(.invalidValue, at: node, path: path,
                      found: "a plan of \(size.explanation)",
                      expected: "at most \(limit) planned steps (defaults.max_planned_steps)",
                      hint: "lower repeat, env_matrix or nodes, or raise defaults.max_planned_steps")
    }

    /// The metric names runs of these steps can store: each workload step's declared metrics, and
    /// the trace metrics (a workload's `trace:` or a command step's `parser: torch-trace` gives them).
    static func metricNames(_ steps: [SuiteStep]) -> [String] {
        var names: [String] = []
        for step in steps {
            if case .workload(let workload) = step.action { names += workload.spec.metrics.map(\.name) }
        }
        var seen: Set<String> = []
        return (names + TorchTraceReport.metricNames).filter { seen.insert($0).inserted }
    }

    private func decodeDefaults(_ entry: NodeReader.Entry) -> SuiteDefaults {
        var defaults = SuiteDefaults()
        guard let entries = reader.entries(entry.value, path: entry.path) else { return defaults }
        reader.checkKeys(entries, allowed: SuiteKeys.defaults, path: entry.path, context: "defaults")
        for item in entries {
            switch item.key {
            case "env": defaults.env = reader.env(item.value, path: item.path) ?? []
            case "timeout": defaults.timeoutSeconds = reader.duration(item.value, path: item.path)
            case "workdir": defaults.workdir = reader.nonEmptyString(item.value, path: item.path,
                                                                     expected: "a directory path")
            case "nccl_tests_path":
                defaults.ncclTestsPath = reader.stringList(
                    item.value, path: item.path, allowSingle: true,
                    expected: "a directory or a list of directories holding *_perf binaries") ?? []
            case "max_artifact_bytes":
                if let bytes = reader.byteSize(item.value, path: item.path, minimum: 1 << 10), let exact = Int(exactly: bytes) {
                    defaults.maxArtifactBytes = exact
                }
            case "nvbandwidth_path":
                defaults.nvbandwidthPath = reader.stringList(
                    item.value, path: item.path, allowSingle: true,
                    expected: "a directory or a list of directories holding the nvbandwidth binary") ?? []
            case "max_planned_steps":
                if let count = reader.int(item.value, path: item.path, in: 1...100_000_000,
                                          expected: "a number of steps from 1 to 100000000") {
                    defaults.maxPlannedSteps = count
                }
            default: break
            }
        }
        return defaults
    }

    /// Groups may use groups declared before them.
    private func decodeGroups(_ entry: NodeReader.Entry) -> [String: [String]] {
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping of group name to hostlist") else { return [:] }
        var groups: [String: [String]] = [:]
        reader.declaredGroups = Dictionary(entries.map { item in
            let words = item.value.sequence.map { $0.compactMap(\.string) } ?? [item.value.string].compactMap { $0 }
            return (item.key, words.filter { $0.hasPrefix("@") }.map { String($0.dropFirst()) })
        }, uniquingKeysWith: { first, _ in first })
        defer { reader.currentGroup = nil }
        for item in entries {
            reader.currentGroup = item.key
            guard Names.isIdentifier(item.key) else {
                reader.report(.invalidValue, at: item.keyNode, path: item.path, found: "'\(item.key)'",
                              expected: "a group name made of \(Names.rule)")
                continue
            }
            if let members = reader.nodes(item.value, path: item.path) {
                groups[item.key] = members
                reader.groups = groups
            }
        }
        return groups
    }

    private func decodeCaptures(_ entry: NodeReader.Entry) -> SuiteCaptures {
        var captures = SuiteCaptures()
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping of capture name to its settings") else {
            return captures
        }
        reader.checkKeys(entries, allowed: SuiteKeys.captures, path: entry.path, context: "capture")
        if let dmon = entries.first(where: { $0.key == DmonCapture.name }) {
            captures.dmon = decodeDmon(dmon)
        }
        return captures
    }

    private func decodeDmon(_ entry: NodeReader.Entry) -> DmonCapture {
        var dmon = DmonCapture()
        if NodeReader.isNull(entry.value) { return dmon }
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping such as {metrics: pucvmet, interval: 1}") else {
            return dmon
        }
        reader.checkKeys(entries, allowed: SuiteKeys.dmon, path: entry.path, context: "dmon")
        for item in entries {
            switch item.key {
            case "metrics":
                let expected = "dmon -s letters from pucvmet (p power, u utilisation, c clocks, "
                    + "v violations, m memory, e ECC, t PCIe)"
                if let letters = reader.nonEmptyString(item.value, path: item.path, expected: expected) {
                    if letters.allSatisfy({ "pucvmet".contains($0) }) {
                        dmon.metrics = letters
                    } else {
                        reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(letters)'",
                                      expected: expected)
                    }
                }
            case "interval":
                dmon.intervalSeconds = reader.int(item.value, path: item.path, in: 1...3600,
                                                  expected: "whole seconds between samples, 1 to 3600") ?? 1
            default: break
            }
        }
        return dmon
    }
}

/// Names that end up in step keys (`name[variant]#repeat@node`) and artifact file names.
enum Names {
    static let rule = "letters, digits, '_', '.' and '-', starting with a letter or digit"

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isAlnum(first) else { return false }
        return text.unicodeScalars.allSatisfy { isAlnum($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    static func identifier(_ node: Node, path: String, reader: NodeReader, what: String) -> String? {
        let expected = "a \(what) made of \(rule)"
        guard let text = reader.string(node, path: path, expected: expected) else { return nil }
        guard isIdentifier(text) else {
            reader.report(.invalidValue, at: node, path: path, found: "'\(text)'", expected: expected)
            return nil
        }
        return text
    }

    private static func isAlnum(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
