import DSBenchCore
import Yams

/// The nccl-tests keys of a step: which test, the size sweep and the `-g -t -n -w -c -d -o -r` flags.
struct NcclStepDecoder {
    let reader: NodeReader

    func decode(_ kindEntry: NodeReader.Entry, entries: [NodeReader.Entry]) -> NcclStep? {
        let tests = NcclTest.allCases.map(\.rawValue)
        let expected = "an nccl-tests name: \(tests.joined(separator: ", "))"
        guard let name = reader.string(kindEntry.value, path: kindEntry.path, expected: expected) else { return nil }
        guard let test = NcclTest(name: name) else {
            reader.report(.invalidValue, at: kindEntry.value, path: kindEntry.path, found: "'\(name)'",
                          expected: expected,
                          hint: DidYouMean.hint(name, from: tests) ?? DidYouMean.hint(name, from: tests.map { $0 + "_perf" }))
            return nil
        }
        var step = NcclStep(test: test)
        var ok = true
        func read<T>(_ value: T?) -> T? {
            if value == nil { ok = false }
            return value
        }
        for entry in entries {
            let (node, path) = (entry.value, entry.path)
            switch entry.key {
            case "sizes": step.sizes = read(decodeSizes(node, path: path))
            case "gpus": step.gpus = read(decodeGPUs(node, path: path))
            case "threads": step.threads = read(reader.int(node, path: path, in: 1...1024,
                                                          expected: "threads per process, 1 to 1024"))
            case "iters": step.iters = read(reader.int(node, path: path, in: 1...1_000_000,
                                                      expected: "timed iterations, 1 to 1000000"))
            case "warmup": step.warmup = read(reader.int(node, path: path, in: 0...1_000_000,
                                                        expected: "warm-up iterations, 0 to 1000000"))
            case "check": step.check = read(reader.int(node, path: path, in: 0...1_000_000,
                                                      expected: "validation iterations, 0 (off) to 1000000"))
            case "dtype": step.dtype = read(reader.choice(node, path: path, from: NcclStep.dtypes, what: "a data type"))
            case "op": step.op = read(reader.choice(node, path: path, from: NcclStep.ops, what: "a reduction op"))
            case "root": step.root = read(decodeRoot(node, path: path, test: test, key: entry.keyNode))
            case "extra_args":
                step.extraArgs = read(reader.stringList(node, path: path, allowSingle: false,
                                                        expected: "a list of extra nccl-tests arguments")) ?? []
            case "diagnose": step.diagnose = read(YAMLBool.read(node, path: path, reader: reader)) ?? false
            case "per_iteration": step.perIteration = read(YAMLBool.read(node, path: path, reader: reader)) ?? false
            case "per_iteration_skip": step.perIterationSkip = read(reader.int(node, path: path, in: 0...1_000_000,
                                                                              expected: "iterations to skip, 0 to 1000000"))
            case "pattern": step.pattern = read(decodePattern(node, path: path, entries: entries))
            case "concurrent": step.concurrentPairs = read(YAMLBool.read(node, path: path, reader: reader)) ?? false
            case "k" where !entries.contains { $0.key == "pattern" }:
                reader.report(.conflict, at: entry.keyNode, path: path, found: "'k' without a pattern",
                              expected: "'k' only with pattern: k-batch or gpu-rings")
                ok = false
            default: break
            }
        }
        return ok ? step : nil
    }

    /// `{min, max, factor | step}`, or one size for a single-size run.
    private func decodeSizes(_ node: Node, path: String) -> SizeSweep? {
        if case .scalar = node {
            guard let bytes = reader.byteSize(node, path: path) else { return nil }
            return SizeSweep(minBytes: bytes, maxBytes: bytes)
        }
        guard let entries = reader.entries(node, path: path,
                                           expected: "a mapping such as {min: 8, max: 8G, factor: 2}") else {
            return nil
        }
        reader.checkKeys(entries, allowed: SuiteKeys.sizes, path: path, context: "sizes")
        let value = { (key: String) in entries.first { $0.key == key } }
        let minEntry = reader.requireKey("min", in: entries, mapping: node, path: path,
                                         expected: "the smallest size, e.g. min: 8")
        let maxEntry = reader.requireKey("max", in: entries, mapping: node, path: path,
                                         expected: "the largest size, e.g. max: 8G")
        let minBytes = minEntry.flatMap { reader.byteSize($0.value, path: $0.path) }
        let maxBytes = maxEntry.flatMap { reader.byteSize($0.value, path: $0.path) }

        var progression: SizeSweep.Progression?
        var ok = true
        let factorEntry = value("factor"), stepEntry = value("step")
        if let factorEntry, let stepEntry {
            let later = factorEntry.keyNode.mark?.line ?? 0 > stepEntry.keyNode.mark?.line ?? 0 ? factorEntry : stepEntry
            reader.report(.conflict, at: later.keyNode, path: later.path, found: "both 'factor' and 'step'",
                          expected: "one of them: factor multiplies the size, step adds to it")
            ok = false
        } else if let factorEntry {
            let factor = reader.int(factorEntry.value, path: factorEntry.path, in: 2...1_048_576,
                                    expected: "an integer factor ≥ 2 (each size is the previous one × factor)")
            if let factor { progression = .factor(factor) } else { ok = false }
        } else if let stepEntry {
            if let step = reader.byteSize(stepEntry.value, path: stepEntry.path) { progression = .step(step) } else { ok = false }
        }
        guard ok, let minBytes, let maxBytes, let maxEntry else { return nil }
        guard minBytes <= maxBytes else {
            reader.report(.conflict, at: maxEntry.value, path: maxEntry.path,
                          found: "\(ByteSize.describe(maxBytes)), below min \(ByteSize.describe(minBytes))",
                          expected: "max ≥ min")
            return nil
        }
        return SizeSweep(minBytes: minBytes, maxBytes: maxBytes, progression: progression)
    }

    /// `pattern: pairs | pairs-quick | gpu-pairs`, or `pattern: k-batch | gpu-rings` with `k:` (2 to 1024).
    private func decodePattern(_ node: Node, path: String, entries: [NodeReader.Entry]) -> PairPattern? {
        guard let name = reader.choice(node, path: path, from: PairPattern.names, what: "a pattern") else { return nil }
        let kEntry = entries.first { $0.key == "k" }
        switch name {
        case "pairs": return kEntry == nil ? .pairs : kOnlyWithBatch(kEntry)
        case "pairs-quick": return kEntry == nil ? .pairsQuick : kOnlyWithBatch(kEntry)
        case "gpu-pairs": return kEntry == nil ? .gpuPairs : kOnlyWithBatch(kEntry)
        case "gpu-rings":
            guard let kEntry else {
                reader.report(.missingKey, at: node, path: path, found: "pattern: gpu-rings without 'k'",
                              expected: "k: the GPUs per ring, e.g. k: 4")
                return nil
            }
            return reader.int(kEntry.value, path: kEntry.path, in: 2...1024, expected: "GPUs per ring, 2 to 1024")
                .map(PairPattern.gpuRings)
        default:
            guard let kEntry else {
                reader.report(.missingKey, at: node, path: path, found: "pattern: k-batch without 'k'",
                              expected: "k: the nodes per group, e.g. k: 4")
                return nil
            }
            return reader.int(kEntry.value, path: kEntry.path, in: 2...1024, expected: "nodes per group, 2 to 1024")
                .map(PairPattern.kBatch)
        }
    }

    private func kOnlyWithBatch(_ entry: NodeReader.Entry?) -> PairPattern? {
        if let entry {
            reader.report(.conflict, at: entry.keyNode, path: entry.path, found: "'k' with another pattern",
                          expected: "'k' only with pattern: k-batch or gpu-rings")
        }
        return nil
    }

    private func decodeGPUs(_ node: Node, path: String) -> GPUCount? {
        if case .scalar(let scalar) = node, scalar.string == "auto" { return .auto }
        return reader.int(node, path: path, in: 1...1024,
                          expected: "GPUs per process, 1 to 1024, or 'auto' for every GPU of the node")
            .map(GPUCount.count)
    }

    private func decodeRoot(_ node: Node, path: String, test: NcclTest, key: Node) -> Int? {
        guard test.hasRoot else {
            let rooted = NcclTest.allCases.filter(\.hasRoot).map(\.rawValue).joined(separator: ", ")
            reader.report(.conflict, at: key, path: path, found: "'root' for \(test.rawValue)",
                          expected: "'root' only for \(rooted)")
            return nil
        }
        if case .scalar(let scalar) = node, scalar.string == "all" { return -1 }
        return reader.int(node, path: path, in: -1...1_000_000,
                          expected: "a root rank ≥ 0, or 'all' (-1) for every root")
    }
}
