@testable import DSBenchSuite
import Foundation
import Testing
import Yams

@Suite struct SuiteSchemaTests {
    private func schema() throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(SuiteSchema.text.utf8))
        return try #require(parsed as? [String: Any])
    }

    @Test func parsesAsJSONAndDeclaresDraft2020() throws {
        let root = try schema()
        #expect(root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(root["required"] as? [String] == ["suite", "steps"])
    }

    /// The schema and the loader list the same keys at each place.
    @Test func schemaKeysMatchTheLoader() throws {
        let root = try schema()
        let walker = SchemaWalker(root: root)
        func keys(_ schema: [String: Any]) -> Set<String> {
            Set(walker.alternatives(schema).flatMap { ($0["properties"] as? [String: Any])?.keys ?? [:].keys })
        }
        let top = try #require(root["properties"] as? [String: Any])
        #expect(keys(root) == Set(SuiteKeys.topLevel))
        #expect(keys(try #require(top["defaults"] as? [String: Any])) == Set(SuiteKeys.defaults))
        let captures = try #require(top["captures"] as? [String: Any])
        #expect(keys(captures) == Set(SuiteKeys.captures))
        let dmon = try #require((captures["properties"] as? [String: Any])?["dmon"] as? [String: Any])
        #expect(keys(dmon) == Set(SuiteKeys.dmon))
        let overrides = try #require(top["node_overrides"] as? [String: Any])
        let override = try #require(overrides["additionalProperties"] as? [String: Any])
        #expect(keys(override) == Set(SuiteKeys.nodeOverride))
        let overrideSSH = try #require((override["properties"] as? [String: Any])?["ssh"] as? [String: Any])
        #expect(keys(overrideSSH) == Set(SuiteKeys.nodeSSH))
        #expect(keys(try #require(top["ssh"] as? [String: Any])) == Set(SuiteKeys.ssh))
        #expect(keys(try #require(top["regression"] as? [String: Any])) == Set(SuiteKeys.regression))
        #expect(keys(try #require(top["redact_env"] as? [String: Any])) == Set(SuiteKeys.redactEnv))
        let step = try #require((root["$defs"] as? [String: Any])?["step"] as? [String: Any])
        #expect(keys(step) == Set(SuiteKeys.step))
        let sizes = try #require((step["properties"] as? [String: Any])?["sizes"] as? [String: Any])
        #expect(keys(sizes) == Set(SuiteKeys.sizes))
        let variant = try #require((root["$defs"] as? [String: Any])?["envVariantLong"] as? [String: Any])
        #expect(keys(variant) == Set(SuiteKeys.envVariant))
        let expect = try #require((root["$defs"] as? [String: Any])?["expect"] as? [String: Any])
        #expect(expect["enum"] as? [String] == StepExpectation.allCases.map(\.rawValue))
    }

    @Test(arguments: ["smoke.yaml", "nightly.yaml", "quarterly.yaml", "examples/multinode.yaml",
                      "examples/commands.yaml", "examples/nccl-options.yaml", "workload.yaml",
                      "examples/workload-oom.yaml"])
    func everyKeyOfAShippedSuiteIsInTheSchema(_ file: String) throws {
        let text = try String(contentsOfFile: shippedSuitePath(file), encoding: .utf8)
        let node = try #require(try Yams.compose(yaml: text))
        let walker = SchemaWalker(root: try schema())
        var missing: [String] = []
        walker.check(node, against: try schema(), path: "", missing: &missing)
        #expect(missing == [])
    }

    @Test func theWalkerNoticesAnUnknownKey() throws {
        let node = try #require(try Yams.compose(yaml: "suite: x\nsteps:\n  - nccl: all_reduce\n    szes: 8\n"))
        let walker = SchemaWalker(root: try schema())
        var missing: [String] = []
        walker.check(node, against: try schema(), path: "", missing: &missing)
        #expect(missing == ["steps[0].szes"])
    }
}

/// Just enough JSON Schema to follow `properties`, `additionalProperties`, `items`, `$ref` and the
/// `oneOf`/`anyOf`/`allOf` combinators.
private struct SchemaWalker {
    let root: [String: Any]

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var current: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            current = (current as? [String: Any])?[String(part)] ?? [:]
        }
        var merged = resolve(current as? [String: Any] ?? [:])
        for (key, value) in schema where key != "$ref" { merged[key] = value }
        return merged
    }

    func alternatives(_ schema: [String: Any]) -> [[String: Any]] {
        let resolved = resolve(schema)
        var result = [resolved]
        for combinator in ["oneOf", "anyOf", "allOf"] {
            for sub in resolved[combinator] as? [[String: Any]] ?? [] { result += alternatives(sub) }
        }
        return result
    }

    func check(_ node: Node, against schema: [String: Any], path: String, missing: inout [String]) {
        let options = alternatives(schema)
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                let name = key.string ?? "?"
                let keyPath = path.isEmpty ? name : "\(path).\(name)"
                if let sub = options.lazy.compactMap({ ($0["properties"] as? [String: Any])?[name] as? [String: Any] }).first
                    ?? options.lazy.compactMap({ $0["additionalProperties"] as? [String: Any] }).first {
                    check(value, against: sub, path: keyPath, missing: &missing)
                } else {
                    missing.append(keyPath)
                }
            }
        case .sequence(let sequence):
            guard let items = options.lazy.compactMap({ $0["items"] as? [String: Any] }).first else { return }
            for (index, item) in sequence.enumerated() {
                check(item, against: items, path: "\(path)[\(index)]", missing: &missing)
            }
        default:
            break
        }
    }
}
