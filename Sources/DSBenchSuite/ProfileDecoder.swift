import DSBenchCore
import Yams

/// `profile:` — `{tool: ncu|nsys, …}`; ncu's keys and nsys's keys are not mixed.
struct ProfileDecoder {
    let reader: NodeReader

    static let ncuKeys = ["sections", "metrics", "kernels", "launch_skip", "launch_count"]
    static let nsysKeys = ["trace", "reports"]

    func decode(_ entry: NodeReader.Entry) -> ProfileSpec? {
        let expected = "{tool: ncu, sections: [SpeedOfLight]} or {tool: nsys, trace: [cuda, nvtx]}"
        guard let entries = reader.entries(entry.value, path: entry.path, expected: expected) else { return nil }
        reader.checkKeys(entries, allowed: SuiteKeys.profile, path: entry.path, context: "profile")
        guard entries.allSatisfy({ SuiteKeys.profile.contains($0.key) }) else { return nil }
        guard let toolEntry = reader.requireKey("tool", in: entries, mapping: entry.value, path: entry.path,
                                                expected: "tool: ncu (Nsight Compute) or nsys (Nsight Systems)"),
              let name = reader.choice(toolEntry.value, path: toolEntry.path,
                                       from: ProfileSpec.Tool.allCases.map(\.rawValue), what: "a profiler"),
              let tool = ProfileSpec.Tool(rawValue: name) else { return nil }
        let foreign = tool == .ncu ? Self.nsysKeys : Self.ncuKeys
        if let wrong = entries.first(where: { foreign.contains($0.key) }) {
            reader.report(.conflict, at: wrong.keyNode, path: wrong.path, found: "'\(wrong.key)' with tool: \(tool.rawValue)",
                          expected: "'\(wrong.key)' only with tool: \(tool == .ncu ? "nsys" : "ncu")")
            return nil
        }
        var spec = ProfileSpec(tool: tool)
        var ok = true
        for item in entries {
            switch item.key {
            case "sections": spec.sections = names(item, what: "ncu section names such as [SpeedOfLight]") ?? { ok = false; return [] }()
            case "metrics": spec.metrics = names(item, what: "ncu metric names such as [dram__throughput.avg.pct_of_peak_sustained_elapsed]") ?? { ok = false; return [] }()
            case "trace": spec.trace = names(item, what: "nsys trace APIs such as [cuda, nvtx, osrt]") ?? { ok = false; return [] }()
            case "reports": spec.reports = names(item, what: "nsys stats reports such as [cuda_gpu_kern_sum]") ?? { ok = false; return [] }()
            case "kernels":
                guard let pattern = reader.nonEmptyString(item.value, path: item.path, expected: "a kernel-name regex"),
                      (try? Regex(pattern)) != nil else {
                    if case .scalar(let scalar) = item.value, !scalar.string.isEmpty {
                        reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(scalar.string)'",
                                      expected: "a regular expression that compiles (ncu --kernel-name regex:…)")
                    }
                    ok = false; continue
                }
                spec.kernels = pattern
            case "launch_skip", "launch_count":
                let low = item.key == "launch_count" ? 1 : 0
                guard let n = reader.int(item.value, path: item.path, in: low...1_000_000,
                                         expected: "a kernel launch count from \(low)") else { ok = false; continue }
                if item.key == "launch_skip" { spec.launchSkip = n } else { spec.launchCount = n }
            default: break
            }
        }
        return ok ? spec : nil
    }

    /// A list of names that become one argv element each (or one comma-joined element): no
    /// element may be empty or hold a comma or a space, which the profiler would split.
    private func names(_ item: NodeReader.Entry, what: String) -> [String]? {
        guard let list = reader.stringList(item.value, path: item.path, allowSingle: true, expected: what) else { return nil }
        if let bad = list.first(where: { $0.isEmpty || $0.contains(",") || $0.contains(" ") }) {
            reader.report(.invalidValue, at: item.value, path: item.path, found: "'\(bad)'",
                          expected: what + ", one name per element")
            return nil
        }
        return list
    }
}
