import DSBenchCore
import Yams

/// `env_matrix:` in either form:
///   - a mapping of label → env (`ring: {NCCL_ALGO: Ring}`), labels as written;
///   - a list of env mappings, each labelled `NAME=value,NAME=value` from its own content.
/// In both, a variant can be written long, `{env: {NCCL_P2P_DISABLE: "1"}, expect: degraded}`: a
/// mapping with an `env` or `expect` key is that form (environment names are upper case by habit).
struct EnvMatrixDecoder {
    let reader: NodeReader

    func decode(_ entry: NodeReader.Entry) -> [EnvVariant]? {
        switch entry.value {
        case .mapping:
            return decodeLabelled(entry)
        case .sequence(let sequence):
            return decodeList(sequence, node: entry.value, path: entry.path)
        default:
            reader.report(.wrongType, at: entry.value, path: entry.path, found: NodeReader.describe(entry.value),
                          expected: "a mapping of label → env, or a list of env mappings")
            return nil
        }
    }

    private func decodeLabelled(_ entry: NodeReader.Entry) -> [EnvVariant]? {
        guard let entries = reader.entries(entry.value, path: entry.path) else { return nil }
        guard !entries.isEmpty else {
            reader.report(.invalidValue, at: entry.value, path: entry.path, found: "an empty mapping",
                          expected: "at least one variant")
            return nil
        }
        var variants: [EnvVariant] = []
        var ok = true
        for item in entries {
            guard Self.isLabel(item.key) else {
                reader.report(.invalidValue, at: item.keyNode, path: item.path, found: "label '\(item.key)'",
                              expected: "a variant label without spaces, '[', ']', '#' or '@'")
                ok = false
                continue
            }
            guard let (env, expect) = body(item.value, path: item.path) else { ok = false; continue }
            variants.append(EnvVariant(label: item.key, env: env, expect: expect))
        }
        return ok ? variants : nil
    }

    private func decodeList(_ sequence: Node.Sequence, node: Node, path: String) -> [EnvVariant]? {
        guard !sequence.isEmpty else {
            reader.report(.invalidValue, at: node, path: path, found: "an empty list", expected: "at least one variant")
            return nil
        }
        var variants: [EnvVariant] = []
        var ok = true
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let (env, expect) = body(item, path: itemPath) else { ok = false; continue }
            guard !env.isEmpty else {
                reader.report(.invalidValue, at: item, path: itemPath, found: "an empty mapping",
                              expected: "at least one NAME: value",
                              hint: "for a baseline variant without extra env use the labelled form, e.g. base: {}")
                ok = false
                continue
            }
            // The label is in every step key: a secret's value never is.
            let label = env.map { "\($0.name)=\($0.shown)" }.joined(separator: ",")
            if variants.contains(where: { $0.label == label }) {
                reader.report(.duplicate, at: item, path: itemPath, found: "variant \(label) again",
                              expected: "each variant once")
                ok = false
                continue
            }
            variants.append(EnvVariant(label: label, env: env, expect: expect))
        }
        return ok ? variants : nil
    }

    /// A variant's env and `expect`: an env mapping, or the long form `{env: {…}, expect: …}`.
    private func body(_ node: Node, path: String) -> (env: [EnvVar], expect: StepExpectation?)? {
        guard case .mapping = node, let entries = reader.entries(node, path: path),
              entries.contains(where: { SuiteKeys.envVariant.contains($0.key) }) else {
            return reader.env(node, path: path).map { ($0, nil) }
        }
        reader.checkKeys(entries, allowed: SuiteKeys.envVariant, path: path, context: "long-form variant")
        var ok = !entries.contains { !SuiteKeys.envVariant.contains($0.key) }
        var env: [EnvVar] = []
        var expect: StepExpectation?
        for entry in entries {
            switch entry.key {
            case "env":
                if let value = reader.env(entry.value, path: entry.path) { env = value } else { ok = false }
            case "expect":
                if let value = Self.expectation(entry, reader: reader) { expect = value } else { ok = false }
            default: break
            }
        }
        return ok ? (env, expect) : nil
    }

    /// `expect: normal | degraded`, on a step or a variant.
    static func expectation(_ entry: NodeReader.Entry, reader: NodeReader) -> StepExpectation? {
        reader.choice(entry.value, path: entry.path, from: StepExpectation.allCases.map(\.rawValue),
                      what: "an expectation").flatMap(StepExpectation.init(rawValue:))
    }

    static func isLabel(_ label: String) -> Bool {
        !label.isEmpty && !label.unicodeScalars.contains {
            $0.properties.isWhitespace || $0.value < 0x20 || "[]#@".unicodeScalars.contains($0)
        }
    }
}
