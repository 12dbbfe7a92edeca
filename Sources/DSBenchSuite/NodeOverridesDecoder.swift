import DSBenchCore
import Yams

/// Decodes `node_overrides:`, a mapping from hostlist or `@group` to settings for those nodes.
/// Runs after `nodes`, `groups` and `steps`, so a key naming a node the suite never uses is caught
/// (a typo would otherwise silently override nothing).
struct NodeOverridesDecoder {
    let reader: NodeReader
    /// Every node the suite can run on: `nodes:`, the steps' `nodes:` and the groups' members.
    let knownNodes: [String]

    func decode(_ entry: NodeReader.Entry) -> [NodeOverride] {
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping of hostlist or @group to settings, "
                                               + "such as {gpu-[09-16]: {ssh: {port: 2222}, gpus: 4}}") else {
            return []
        }
        let known = Set(knownNodes)
        var overrides: [NodeOverride] = []
        for item in entries {
            guard let nodes = reader.nodes(item.keyNode, path: item.path) else { continue }
            var unknown = false
            for node in nodes where !known.contains(node) {
                unknown = true
                reader.report(.invalidValue, at: item.keyNode, path: item.path, found: "node '\(node)'",
                              expected: "a node of the suite (in nodes:, a step's nodes: or a group)",
                              hint: DidYouMean.hint(node, from: knownNodes))
            }
            if let override = decodeSettings(item, nodes: nodes), !unknown { overrides.append(override) }
        }
        return overrides
    }

    private func decodeSettings(_ item: NodeReader.Entry, nodes: [String]) -> NodeOverride? {
        var override = NodeOverride(selector: item.key, nodes: nodes)
        guard let entries = reader.entries(item.value, path: item.path,
                                           expected: "a mapping with any of: \(SuiteKeys.nodeOverride.joined(separator: ", "))") else {
            return nil
        }
        reader.checkKeys(entries, allowed: SuiteKeys.nodeOverride, path: item.path, context: "node override")
        for setting in entries {
            switch setting.key {
            case "ssh": override.ssh = SuiteSSHDecoder(reader: reader).decode(setting, allowed: SuiteKeys.nodeSSH)
            case "env": override.env = reader.env(setting.value, path: setting.path) ?? []
            case "gpus":
                override.gpus = reader.int(setting.value, path: setting.path, in: 1...1024,
                                           expected: "the GPU count of these nodes, 1 to 1024")
            case "nccl_tests_path":
                override.ncclTestsPath = reader.stringList(
                    setting.value, path: setting.path, allowSingle: true,
                    expected: "a directory or a list of directories holding *_perf binaries")
            case "workdir":
                override.workdir = reader.nonEmptyString(setting.value, path: setting.path, expected: "a directory path")
            default: break
            }
        }
        return override
    }
}
