import DSBenchCore
import Yams

/// The optional `verdict:` block: which rules or classes fail the run and which only advise.
///
///     verdict:
///       fail: [advice]                  # low utilisation fails this suite too
///       pass: [nccl.transport.shm]      # a box without NVLink: SHM is expected
///       severity: {fleet.outlier: critical}
struct VerdictDecoder {
    let reader: NodeReader

    static let expectedName = "a rule id (`dsbench rules` lists them) or a class: "
        + RuleClass.allCases.map(\.rawValue).joined(separator: ", ")

    func decode(_ entry: NodeReader.Entry) -> VerdictPolicy {
        var policy = VerdictPolicy()
        if NodeReader.isNull(entry.value) { return policy }
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping with fail, pass, severity") else { return policy }
        reader.checkKeys(entries, allowed: SuiteKeys.verdict, path: entry.path, context: "verdict")
        for item in entries {
            switch item.key {
            case "fail": policy.fail = names(item)
            case "pass": policy.pass = names(item)
            case "severity": policy.severities = severities(item)
            default: break
            }
        }
        for name in policy.fail where policy.pass.contains(name) {
            reader.report(.invalidValue, at: entry.value, path: entry.path, found: "'\(name)' in both fail and pass",
                          expected: "each rule or class in at most one of them")
        }
        return policy
    }

    private func names(_ item: NodeReader.Entry) -> [String] {
        let names = reader.stringList(item.value, path: item.path, allowSingle: true, expected: "a list of " + Self.expectedName) ?? []
        for name in names where !Self.isKnown(name) {
            reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(name)'", expected: Self.expectedName,
                          hint: DidYouMean.hint(name, from: RuleClasses.defaults.keys.sorted() + RuleClass.allCases.map(\.rawValue)))
        }
        for name in names where name == RuleClass.correctness.rawValue || name == RuleClass.execution.rawValue
            || RuleClasses.defaults[name] == .correctness || RuleClasses.defaults[name] == .execution {
            reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(name)'",
                          expected: "a rule or class the verdict can move (correctness always fails; execution problems make the verdict `error`)")
        }
        return names.filter(Self.isKnown)
    }

    private func severities(_ entry: NodeReader.Entry) -> [String: Finding.Severity] {
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping of rule id to info, warning or critical") else { return [:] }
        var out: [String: Finding.Severity] = [:]
        for item in entries {
            guard Self.isKnown(item.key) else {
                reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(item.key)'", expected: Self.expectedName)
                continue
            }
            let text = reader.string(item.value, path: item.path, expected: "info, warning or critical")
            guard let text, let severity = Finding.Severity(rawValue: text) else {
                if let text {
                    reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(text)'", expected: "info, warning or critical")
                }
                continue
            }
            out[item.key] = severity
        }
        return out
    }

    static func isKnown(_ name: String) -> Bool {
        RuleClasses.defaults[name] != nil || RuleClass(rawValue: name) != nil
    }
}
