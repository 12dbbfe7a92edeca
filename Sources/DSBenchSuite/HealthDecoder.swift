import DSBenchCore
import Yams

/// The optional `health:` block: threshold overrides, expected busbw figures, which steps must
/// keep their GPUs busy, and rules to switch off.
///
///     health:
///       thresholds: {busbw.fraction: 0.85, temperature.gpu_c: 80}
///       expected_busbw:
///         - {gpu: NVIDIA H100 80GB HBM3, gpus: 8, interconnect: NV18, busbw: 360}
///       busy_steps: [train]
///       disabled_rules: [gpu.low_util]
struct HealthDecoder {
    let reader: NodeReader

    func decode(_ entry: NodeReader.Entry) -> HealthSettings {
        var settings = HealthSettings()
        if NodeReader.isNull(entry.value) { return settings }
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping with thresholds, expected_busbw, busy_steps, disabled_rules") else {
            return settings
        }
        reader.checkKeys(entries, allowed: SuiteKeys.health, path: entry.path, context: "health")
        for item in entries {
            switch item.key {
            case "thresholds": settings.thresholds = thresholds(item)
            case "expected_busbw": settings.expectedBusbw = expected(item)
            case "busy_steps":
                settings.busySteps = reader.stringList(item.value, path: item.path, allowSingle: true,
                                                       expected: "a list of step names whose GPUs must be busy")
            case "disabled_rules":
                settings.disabledRules = reader.stringList(item.value, path: item.path, allowSingle: true,
                                                           expected: "a list of rule ids (`dsbench rules` lists them)") ?? []
            default: break
            }
        }
        return settings
    }

    private func thresholds(_ entry: NodeReader.Entry) -> [String: Double] {
        let keys = HealthThreshold.all.map(\.key)
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "a mapping of threshold name to number, e.g. {busbw.fraction: 0.85}") else {
            return [:]
        }
        reader.checkKeys(entries, allowed: keys, path: entry.path, context: "threshold")
        var values: [String: Double] = [:]
        for item in entries where keys.contains(item.key) {
            if let value = number(item.value, path: item.path, expected: "a number ≥ 0") { values[item.key] = value }
        }
        return values
    }

    private func expected(_ entry: NodeReader.Entry) -> [ExpectedBusbw] {
        guard case .sequence(let sequence) = entry.value else {
            reader.report(.wrongType, at: entry.value, path: entry.path, found: NodeReader.describe(entry.value),
                          expected: "a list of {gpu, gpus, interconnect, busbw} entries")
            return []
        }
        return sequence.enumerated().compactMap { index, node in
            let path = "\(entry.path)[\(index)]"
            guard let entries = reader.entries(node, path: path,
                                               expected: "a mapping such as {gpu: NVIDIA H200, gpus: 8, interconnect: NV18, busbw: 366.8}") else {
                return nil
            }
            reader.checkKeys(entries, allowed: SuiteKeys.expectedBusbw, path: path, context: "expected_busbw")
            let value = { (key: String) in entries.first { $0.key == key } }
            let gpu = reader.requireKey("gpu", in: entries, mapping: node, path: path, expected: "the GPU model, e.g. gpu: NVIDIA H200")
                .flatMap { reader.nonEmptyString($0.value, path: $0.path, expected: "a GPU model as nvidia-smi names it") }
            let count = reader.requireKey("gpus", in: entries, mapping: node, path: path, expected: "the GPU count, e.g. gpus: 8")
                .flatMap { reader.int($0.value, path: $0.path, in: 1...1_000_000, expected: "GPUs in the communicator, ≥ 1") }
            let busbw = reader.requireKey("busbw", in: entries, mapping: node, path: path, expected: "GB/s, e.g. busbw: 366.8")
                .flatMap { number($0.value, path: $0.path, expected: "GB/s, a number > 0") }
            let interconnect = value("interconnect").flatMap {
                reader.nonEmptyString($0.value, path: $0.path, expected: "a topo -m link such as NV18, or *")
            } ?? "*"
            let collective = value("collective").flatMap {
                reader.choice($0.value, path: $0.path, from: NcclTest.allCases.map(\.rawValue), what: "a collective")
            } ?? "all_reduce"
            let nvls = value("nvls").flatMap { bool($0.value, path: $0.path) }
            let source = value("source").flatMap { reader.string($0.value, path: $0.path) } ?? "suite"
            guard let gpu, let count, let busbw, busbw > 0 else { return nil }
            return ExpectedBusbw(gpuModel: gpu, gpuCount: count, interconnect: interconnect, collective: collective,
                                 nvls: nvls, busbw: busbw, source: source)
        }
    }

    private func number(_ node: Node, path: String, expected: String) -> Double? {
        guard let text = reader.string(node, path: path, expected: expected) else { return nil }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            reader.report(Double(text) == nil ? .wrongType : .invalidValue, at: node, path: path,
                          found: "'\(text)'", expected: expected)
            return nil
        }
        return value
    }

    /// YAML 1.1 and 1.2 spellings of a boolean.
    func bool(_ node: Node, path: String) -> Bool? { YAMLBool.read(node, path: path, reader: reader) }
}

enum YAMLBool {
    static func read(_ node: Node, path: String, reader: NodeReader) -> Bool? {
        guard let text = reader.string(node, path: path, expected: "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            reader.report(.wrongType, at: node, path: path, found: "'\(text)'", expected: "true or false")
            return nil
        }
    }
}
