import DSBenchCore

/// The banner lines before the table (§1.4, §1.5). Each function takes the text after the
/// leading `#` (or the whole line for the v1.0.0 parameters line) and returns nil when the
/// line does not have the expected shape.
enum NcclTestsBanner {
    /// ` nccl-tests version 2.19.6 nccl-headers=22809 nccl-library=22809`
    static func version(_ text: NcclTextSpan) -> (version: String, headers: Int?, library: Int?)? {
        let tokens = text.tokens()
        guard tokens.count >= 3, tokens[0].equals("nccl-tests"), tokens[1].equals("version") else { return nil }
        var headers: Int?, library: Int?
        for token in tokens.dropFirst(3) {
            if let v = token.after(prefix: "nccl-headers=") { headers = NcclTextNumbers.int(v) }
            if let v = token.after(prefix: "nccl-library=") { library = NcclTextNumbers.int(v) }
        }
        return (tokens[2].string, headers, library)
    }

    /// `nThread 1 nGpus 8 minBytes 8 maxBytes 8589934592 step: 2(factor) warmup iters: 1
    /// iters: 20 agg iters: 1 validation: 1 graph: 0 unalign: 0` and its older variants
    /// (no agg iters / graph / unalign, trailing space).
    static func parameters(_ text: NcclTextSpan) -> NcclTestsParameters? {
        let tokens = text.tokens()
        var nThread: Int?, nGpus: Int?, minBytes: Int64?, maxBytes: Int64?, step: Int64?
        var stepKind: String?, warmup: Int?, iters: Int?, agg: Int?, validation: Int?
        var graph: Int?, unalign: Int?
        var k = 0
        func next() -> NcclTextSpan? { k + 1 < tokens.count ? tokens[k + 1] : nil }
        while k < tokens.count {
            let t = tokens[k]
            let previous = k > 0 ? tokens[k - 1] : nil
            if t.equals("nThread") { nThread = next().flatMap(NcclTextNumbers.int) }
            else if t.equals("nGpus") { nGpus = next().flatMap(NcclTextNumbers.int) }
            else if t.equals("minBytes") { minBytes = next().flatMap(NcclTextNumbers.int64) }
            else if t.equals("maxBytes") { maxBytes = next().flatMap(NcclTextNumbers.int64) }
            else if t.equals("step:"), let v = next() {
                // `2(factor)` / `1048576(bytes)`
                if let open = v.firstIndex(of: 0x28), let close = v.lastIndex(of: 0x29), open < close {
                    step = NcclTextNumbers.int64(v.slice(v.lower, open))
                    stepKind = v.slice(open + 1, close).string
                }
            } else if t.equals("iters:") {
                let value = next().flatMap(NcclTextNumbers.int)
                if previous?.equals("warmup") == true { warmup = value }
                else if previous?.equals("agg") == true { agg = value }
                else { iters = value }
            }
            else if t.equals("validation:") { validation = next().flatMap(NcclTextNumbers.int) }
            else if t.equals("graph:") { graph = next().flatMap(NcclTextNumbers.int) }
            else if t.equals("unalign:") { unalign = next().flatMap(NcclTextNumbers.int) }
            k += 1
        }
        guard let nThread, let nGpus, let minBytes, let maxBytes, let step, let stepKind,
              let warmup, let iters, let validation else { return nil }
        return NcclTestsParameters(nThread: nThread, nGpus: nGpus, minBytes: minBytes, maxBytes: maxBytes,
                                   step: step, stepKind: stepKind, warmupIters: warmup, iters: iters,
                                   aggIters: agg, validation: validation, graph: graph, unalign: unalign)
    }

    /// `  Rank  0 Group  0 Pid   3721 on         vm device  0 [0000:00:06] NVIDIA H200`, and the
    /// older forms without Group and/or Pid and with `[0x06]`.
    static func device(_ text: NcclTextSpan) -> NcclTestsDevice? {
        let tokens = text.tokens()
        guard tokens.count >= 7, tokens[0].equals("Rank"), let rank = NcclTextNumbers.int(tokens[1]) else { return nil }
        var k = 2
        var group: Int?, pid: Int?
        if k + 1 < tokens.count, tokens[k].equals("Group") { group = NcclTextNumbers.int(tokens[k + 1]); k += 2 }
        if k + 1 < tokens.count, tokens[k].equals("Pid") { pid = NcclTextNumbers.int(tokens[k + 1]); k += 2 }
        guard k + 4 < tokens.count, tokens[k].equals("on"), tokens[k + 2].equals("device"),
              let cuda = NcclTextNumbers.int(tokens[k + 3]) else { return nil }
        let host = tokens[k + 1].string
        let bus = tokens[k + 4]
        guard bus.hasPrefix("["), let close = bus.firstIndex(of: 0x5D) else { return nil }
        let busId = bus.slice(bus.lower + 1, close).string
        // The name may contain spaces; it is everything after the bracket.
        let name = text.slice(close + 1, text.upper).trimmed().string
        return NcclTestsDevice(rank: rank, group: group, pid: pid, host: host, cudaDevice: cuda,
                               busId: busId, name: name)
    }

    /// ` Reducing maxBytes to 48247057066 due to memory limitation`
    static func reducedMaxBytes(_ text: NcclTextSpan) -> Int64? {
        let tokens = text.tokens()
        guard tokens.count >= 4, tokens[0].equals("Reducing"), tokens[1].equals("maxBytes"),
              tokens[2].equals("to") else { return nil }
        return NcclTextNumbers.int64(tokens[3])
    }
}
