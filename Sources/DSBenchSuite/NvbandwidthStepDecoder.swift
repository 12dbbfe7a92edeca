import DSBenchCore
import Yams

/// `nvbandwidth:` — null or `{}` for the defaults, else `{testcases, buffer_size, samples}`.
struct NvbandwidthStepDecoder {
    let reader: NodeReader

    func decode(_ entry: NodeReader.Entry) -> NvbandwidthStep? {
        if NodeReader.isNull(entry.value) { return NvbandwidthStep() }
        guard let entries = reader.entries(entry.value, path: entry.path,
                                           expected: "{testcases: [...], buffer_size: 512M, samples: 3}, or {} for the defaults") else {
            return nil
        }
        reader.checkKeys(entries, allowed: SuiteKeys.nvbandwidth, path: entry.path, context: "nvbandwidth")
        var step = NvbandwidthStep()
        var ok = true
        for item in entries {
            switch item.key {
            case "testcases":
                if case .scalar(let scalar) = item.value, scalar.string == "all" { step.allTestcases = true; continue }
                guard let names = testcases(item) else { ok = false; continue }
                step.testcases = names
            case "buffer_size":
                guard let mib = bufferMiB(item) else { ok = false; continue }
                step.bufferMiB = mib
            case "samples":
                guard let samples = reader.int(item.value, path: item.path, in: 1...1000,
                                               expected: "samples per testcase, 1 to 1000") else { ok = false; continue }
                step.samples = samples
            default: break
            }
        }
        return ok ? step : nil
    }

    /// Names the tool knows (v0.8): a misspelt one would make nvbandwidth exit with its usage.
    private func testcases(_ item: NodeReader.Entry) -> [String]? {
        let known = NvbandwidthTestcases.v08
        guard let names = reader.stringList(item.value, path: item.path, allowSingle: true,
                                            expected: "a list of nvbandwidth testcase names (`nvbandwidth -l`), or all") else {
            return nil
        }
        guard !names.isEmpty else {
            reader.report(.invalidValue, at: item.value, path: item.path, found: "an empty list",
                          expected: "at least one testcase, or no 'testcases' key for the defaults")
            return nil
        }
        for (index, name) in names.enumerated() where !known.contains(name) {
            let at: Node = if case .sequence(let items) = item.value, index < items.count { items[index] } else { item.value }
            reader.report(.invalidValue, at: at, path: "\(item.path)[\(index)]", found: "testcase '\(name)'",
                          expected: "an nvbandwidth testcase (`nvbandwidth -l` lists them)",
                          hint: DidYouMean.hint(name, from: known))
            return nil
        }
        return names
    }

    /// nvbandwidth's `-b` is whole MiB.
    private func bufferMiB(_ item: NodeReader.Entry) -> Int? {
        guard let bytes = reader.byteSize(item.value, path: item.path, minimum: 1 << 20) else { return nil }
        guard bytes % (1 << 20) == 0, let mib = Int(exactly: bytes >> 20) else {
            reader.report(.invalidValue, at: item.value, path: item.path, found: "\(bytes) bytes",
                          expected: "a whole number of MiB such as 512M (nvbandwidth's -b is in MiB)")
            return nil
        }
        return mib
    }
}
