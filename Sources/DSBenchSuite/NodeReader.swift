import DSBenchCore
import Yams

/// Reads typed values out of a composed Yams `Node` tree, recording every problem with the node's
/// exact line:column instead of stopping at the first (the reason this does not use Codable).
final class NodeReader {
    let file: String
    private(set) var errors: [SuiteError] = []

    /// Named node sets already decoded, for `@name` in node lists.
    var groups: [String: [String]] = [:]
    /// Every group the suite declares, with the groups it names, and the one being decoded: a
    /// group that is not there yet is then a cycle or a reference to a later group, not an unknown one.
    var declaredGroups: [String: [String]] = [:]
    var currentGroup: String?
    /// Which env names are secrets (`redact_env:`, decoded before anything holding env).
    var secretEnv = SecretEnv()
    /// The YAML scalars that hold secret values, for the stored suite text (`SuiteTextRedaction`).
    private(set) var secretScalars: [Node] = []

    init(file: String) { self.file = file }

    /// One key of a mapping, after `<<` merges are applied.
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
        var path: String
    }

    // MARK: - Reporting

    func report(_ kind: SuiteError.Kind, at node: Node?, path: String, found: String, expected: String,
                hint: String? = nil) {
        let mark = node?.mark
        errors.append(SuiteError(kind, file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                 path: path, found: found, expected: expected, hint: hint))
    }

    /// How a node looks to a human: `'text'`, `a mapping`, `a list`, `nothing (null)`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(node) { return "nothing (null)" }
            let text = scalar.string.count > 60 ? String(scalar.string.prefix(57)) + "..." : scalar.string
            return "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: - Mappings

    /// The mapping's entries with merges resolved, or nil (and an error) when the node is not a mapping.
    func entries(_ node: Node, path: String, expected: String = "a mapping") -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            report(.wrongType, at: node, path: path, found: Self.describe(node), expected: expected)
            return nil
        }
        return entries(of: mapping, path: path)
    }

    private func entries(of mapping: Node.Mapping, path: String) -> [Entry] {
        var explicit: [Entry] = []
        var merged: [(position: Int, entries: [Entry])] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                report(.wrongType, at: keyNode, path: path, found: "\(Self.describe(keyNode)) used as a key",
                       expected: "a plain key")
                continue
            }
            if key.string == "<<", key.style == .plain {
                merged.append((explicit.count, mergeSources(value, path: path)))
            } else {
                explicit.append(Entry(key: key.string, keyNode: keyNode, value: value,
                                      path: Self.join(path, key.string)))
            }
        }
        guard !merged.isEmpty else { return explicit }
        // YAML merge keys: explicit keys win, earlier merge sources win over later ones; merged keys
        // take the place of the `<<` so declaration order (env!) stays as written.
        var seen = Set(explicit.map(\.key))
        var result: [Entry] = []
        var nextExplicit = 0
        for (position, entries) in merged {
            while nextExplicit < position { result.append(explicit[nextExplicit]); nextExplicit += 1 }
            for entry in entries where seen.insert(entry.key).inserted {
                result.append(Entry(key: entry.key, keyNode: entry.keyNode, value: entry.value,
                                    path: Self.join(path, entry.key)))
            }
        }
        result += explicit[nextExplicit...]
        return result
    }

    private func mergeSources(_ value: Node, path: String) -> [Entry] {
        switch value {
        case .mapping(let mapping):
            return entries(of: mapping, path: path)
        case .sequence(let sequence):
            return sequence.flatMap { mergeSources($0, path: path) }
        default:
            report(.wrongType, at: value, path: Self.join(path, "<<"), found: Self.describe(value),
                   expected: "a mapping (or list of mappings) to merge")
            return []
        }
    }

    /// Reports keys outside `allowed`, with a did-you-mean suggestion.
    func checkKeys(_ entries: [Entry], allowed: [String], path: String, context: String) {
        for entry in entries where !allowed.contains(entry.key) {
            report(.unknownKey, at: entry.keyNode, path: entry.path, found: "unknown key '\(entry.key)'",
                   expected: allowed.isEmpty ? "no keys in \(context) (write {})"
                       : "one of the \(context) keys: \(allowed.joined(separator: ", "))",
                   hint: DidYouMean.hint(entry.key, from: allowed))
        }
    }

    func requireKey(_ key: String, in entries: [Entry], mapping: Node, path: String,
                    expected: String) -> Entry? {
        if let entry = entries.first(where: { $0.key == key }) { return entry }
        report(.missingKey, at: mapping, path: Self.join(path, key), found: "no '\(key)' key", expected: expected)
        return nil
    }

    // MARK: - Scalars

    /// The text of any non-null scalar (numbers and booleans keep their spelling).
    func string(_ node: Node, path: String, expected: String = "a string") -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            report(.wrongType, at: node, path: path, found: Self.describe(node), expected: expected)
            return nil
        }
        return scalar.string
    }

    func nonEmptyString(_ node: Node, path: String, expected: String = "a non-empty string") -> String? {
        guard let text = string(node, path: path, expected: expected) else { return nil }
        guard !text.isEmpty else {
            report(.invalidValue, at: node, path: path, found: "an empty string", expected: expected)
            return nil
        }
        return text
    }

    /// A decimal integer within `range`.
    func int(_ node: Node, path: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard let text = string(node, path: path, expected: expected) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            let kind: SuiteError.Kind = Int(text) == nil ? .wrongType : .invalidValue
            report(kind, at: node, path: path, found: "'\(text)'", expected: expected)
            return nil
        }
        return value
    }

    func duration(_ node: Node, path: String) -> Double? {
        let expected = "a duration such as \(DurationSyntax.example)"
        guard let text = string(node, path: path, expected: expected) else { return nil }
        guard let seconds = DurationSyntax.parseSeconds(text) else {
            report(.invalidValue, at: node, path: path, found: "'\(text)'", expected: expected)
            return nil
        }
        return seconds
    }

    /// A byte size ≥ `minimum` (`8`, `64K`, `128M`, `8G`).
    func byteSize(_ node: Node, path: String, minimum: Int64 = 1) -> Int64? {
        let expected = "a byte size ≥ \(minimum) such as \(ByteSize.example)"
        guard let text = string(node, path: path, expected: expected) else { return nil }
        guard let bytes = ByteSize.parse(text), bytes >= minimum else {
            let overflow = text.allSatisfy { $0.isASCII && ($0.isNumber || "KMGkmg".contains($0)) }
            report(.invalidValue, at: node, path: path, found: "'\(text)'", expected: expected,
                   hint: overflow && ByteSize.parse(text) == nil ? "the value is too large" : nil)
            return nil
        }
        return bytes
    }

    /// One of `choices`, with a did-you-mean suggestion otherwise.
    func choice(_ node: Node, path: String, from choices: [String], what: String) -> String? {
        let expected = "\(what): \(choices.joined(separator: ", "))"
        guard let text = string(node, path: path, expected: expected) else { return nil }
        guard choices.contains(text) else {
            report(.invalidValue, at: node, path: path, found: "'\(text)'", expected: expected,
                   hint: DidYouMean.hint(text, from: choices))
            return nil
        }
        return text
    }

    // MARK: - Lists

    /// A list of non-null scalars; a single scalar counts as a one-element list when `allowSingle`.
    func stringList(_ node: Node, path: String, allowSingle: Bool, expected: String) -> [String]? {
        switch node {
        case .scalar where allowSingle && !Self.isNull(node):
            return string(node, path: path, expected: expected).map { [$0] }
        case .sequence(let sequence):
            var values: [String] = []
            var ok = true
            for (index, item) in sequence.enumerated() {
                if let value = string(item, path: "\(path)[\(index)]", expected: "a string") {
                    values.append(value)
                } else {
                    ok = false
                }
            }
            return ok ? values : nil
        default:
            report(.wrongType, at: node, path: path, found: Self.describe(node), expected: expected)
            return nil
        }
    }

    /// `{NAME: value, …}` in declaration order; values keep their YAML spelling (`0`, `yes`, `1.0`).
    func env(_ node: Node, path: String) -> [EnvVar]? {
        guard let entries = entries(node, path: path, expected: "a mapping of NAME: value") else { return nil }
        var env: [EnvVar] = []
        var ok = true
        for entry in entries {
            guard Self.isEnvName(entry.key) else {
                report(.invalidValue, at: entry.keyNode, path: entry.path, found: "'\(entry.key)'",
                       expected: "an environment variable name (letters, digits and _, not starting with a digit)")
                ok = false
                continue
            }
            if case .mapping = entry.value {
                guard let variable = fromEnv(entry) else { ok = false; continue }
                env.append(variable)
                continue
            }
            guard let value = string(entry.value, path: entry.path,
                                     expected: "a string value (write \"\" for an empty one), or {from_env: NAME}") else {
                ok = false
                continue
            }
            let variable = secretEnv.marking(EnvVar(entry.key, value))
            if variable.secret { secretScalars.append(entry.value) }
            env.append(variable)
        }
        return ok ? env : nil
    }

    /// `NAME: {from_env: VARIABLE}`: the value of dsbench's environment variable at run time.
    private func fromEnv(_ entry: Entry) -> EnvVar? {
        guard let entries = entries(entry.value, path: entry.path) else { return nil }
        checkKeys(entries, allowed: ["from_env"], path: entry.path, context: "env value")
        guard let source = requireKey("from_env", in: entries, mapping: entry.value, path: entry.path,
                                      expected: "the name of dsbench's environment variable to take the value from") else {
            return nil
        }
        let expected = "an environment variable name (letters, digits and _, not starting with a digit)"
        guard let variable = string(source.value, path: source.path, expected: expected) else { return nil }
        guard Self.isEnvName(variable) else {
            report(.invalidValue, at: source.value, path: source.path, found: "'\(variable)'", expected: expected)
            return nil
        }
        return .fromEnvironment(entry.key, variable: variable)
    }

    /// Why a group that the suite declares is not available here.
    private func groupProblem(_ name: String) -> (found: String, expected: String)? {
        guard declaredGroups[name] != nil else { return nil }
        guard let current = currentGroup else {
            return ("group '@\(name)', which has an error of its own (above)", "a group that can be read")
        }
        if let loop = cycle(from: name, to: current) {
            return ("groups that refer to each other in a cycle: " + ([current] + loop).map { "@" + $0 }.joined(separator: " → "),
                    "groups that end in hostlists")
        }
        return ("group '@\(name)', declared after '\(current)'", "a group declared above '\(current)' (a group can use only the groups before it)")
    }

    /// A path of group references from `start` back to `target` (both included), if there is one.
    private func cycle(from start: String, to target: String) -> [String]? {
        var stack: [[String]] = [[start]]
        var visited: Set<String> = []
        while let path = stack.popLast() {
            guard let last = path.last else { continue }
            if last == target { return path }
            guard visited.insert(last).inserted else { continue }
            for next in declaredGroups[last] ?? [] { stack.append(path + [next]) }
        }
        return nil
    }

    static func isEnvName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// A string or list of hostlist expressions, expanded; `local` stays `local`.
    func nodes(_ node: Node, path: String) -> [String]? {
        let expected = "a hostlist such as gpu-[001-016] or a list of them"
        guard let expressions = stringList(node, path: path, allowSingle: true, expected: expected) else {
            return nil
        }
        guard !expressions.isEmpty else {
            report(.invalidValue, at: node, path: path, found: "an empty list", expected: expected)
            return nil
        }
        var hosts: [String] = []
        var seen: Set<String> = []
        let items: [Node] = node.sequence.map(Array.init) ?? [node]
        for (expression, item) in zip(expressions, items) {
            let expanded: [String]
            if expression.hasPrefix("@") {
                let name = String(expression.dropFirst())
                guard let members = groups[name] else {
                    if let problem = groupProblem(name) {
                        report(.invalidValue, at: item, path: path, found: problem.found, expected: problem.expected)
                        return nil
                    }
                    let known = groups.keys.sorted()
                    report(.invalidValue, at: item, path: path, found: "group '\(expression)'",
                           expected: known.isEmpty ? "a group declared under 'groups:' (none are)"
                               : "a declared group (\(known.map { "@" + $0 }.joined(separator: ", ")))",
                           hint: DidYouMean.hint(name, from: known))
                    return nil
                }
                expanded = members
            } else {
                do {
                    expanded = try Hostlist.expand(expression)
                } catch {
                    report(.invalidValue, at: item, path: path, found: "'\(expression)'",
                           expected: "a hostlist such as gpu-[001-016,020]", hint: error.message)
                    return nil
                }
            }
            for host in expanded {
                guard seen.insert(host).inserted else {
                    report(.duplicate, at: item, path: path, found: "node '\(host)' listed twice",
                           expected: "each node once")
                    return nil
                }
                hosts.append(host)
            }
        }
        return hosts
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
