import DSBenchCore

/// Error and notice lines that nccl-tests prints with plain printf/fprintf (§1.11), on any
/// rank, so they can appear anywhere in a capture.
enum NcclTestsErrorLines {
    enum Classified {
        case error(NcclTestsError)
        /// `USAGE: all_reduce_perf`: the usage text follows; the name is the program.
        case usage(program: String)
        /// A notice that the run continued after (`invalid op x, defaulting to sum`).
        case notice(String)
    }

    static func classify(_ line: NcclTextSpan, lineNumber: Int) -> Classified? {
        let text = line.trimmed()
        guard let first = text.byte(at: text.lower) else { return nil }
        if first == 0x2E, text.hasPrefix("..") { return propagated(text, lineNumber) }
        if let i = text.firstIndex(of: ": Test CUDA failure ") {
            return failure("cuda", text, hostEnd: i, restStart: i + 20, lineNumber)
        }
        if let i = text.firstIndex(of: ": Test NCCL failure ") {
            return failure("nccl", text, hostEnd: i, restStart: i + 20, lineNumber)
        }
        if let i = text.firstIndex(of: ": Test timeout") { return timeout(text, i, lineNumber) }
        // nccl-tests 1.0 printed these without host and `Test`.
        if text.hasPrefix("Cuda failure ") { return failure("cuda", text, hostEnd: nil, restStart: text.lower + 13, lineNumber) }
        if text.hasPrefix("NCCL failure ") { return failure("nccl", text, hostEnd: nil, restStart: text.lower + 13, lineNumber) }
        if text.hasPrefix("Invalid number of GPUs") || text.hasPrefix("invalid option")
            || text.hasPrefix("invalid size specified") || text.contains(": unrecognized option")
            || text.contains(": invalid option --") || text.contains(": option requires an argument") {
            return .error(NcclTestsError(kind: "usage", host: nil, location: nil, message: text.string,
                                         line: lineNumber))
        }
        if let rest = text.after(prefix: "USAGE:") {
            guard let name = rest.tokens().first else { return nil }
            return .usage(program: name.string)
        }
        if (text.hasPrefix("invalid op ") || text.hasPrefix("invalid type ")) && text.contains("defaulting") {
            return .notice(text.string)
        }
        if text.hasPrefix("nRanks "), text.contains("is not a power of 2") { return .notice(text.string) }
        return nil
    }

    /// `host: Test CUDA failure common.cu:891 'out of memory'`; the host ends at `hostEnd`
    /// (the colon) and `file:line 'message'` starts at `restStart`.
    private static func failure(_ kind: String, _ text: NcclTextSpan, hostEnd: Int?, restStart: Int,
                                _ lineNumber: Int) -> Classified {
        let host = text.slice(text.lower, hostEnd ?? text.lower).trimmed()
        let rest = text.slice(restStart, text.upper).trimmed()
        let location = rest.tokens().first
        var message = rest
        if let open = rest.firstIndex(of: 0x27) {
            let close = rest.lastIndex(of: 0x27) ?? rest.upper
            message = rest.slice(open + 1, close > open ? close : rest.upper)
        } else if let location {
            message = rest.slice(location.upper, rest.upper).trimmed()
        }
        return .error(NcclTestsError(kind: kind, host: host.isEmpty ? nil : host.string,
                                     location: location?.string, message: message.string, line: lineNumber))
    }

    /// ` .. vm pid 6080: Test failure common.cu:1454` (v2.0: ` .. vm: Test failure ...`).
    private static func propagated(_ text: NcclTextSpan, _ lineNumber: Int) -> Classified? {
        guard let failure = text.firstIndex(of: "Test failure") else { return nil }
        let tokens = text.slice(text.lower + 2, failure).tokens()
        var host = tokens.first?.string
        if let h = host, h.hasSuffix(":") { host = String(h.dropLast()) }
        let location = text.slice(failure + 12, text.upper).tokens().first?.string
        return .error(NcclTestsError(kind: "propagated", host: host, location: location,
                                     message: text.slice(text.lower + 2, text.upper).trimmed().string,
                                     line: lineNumber))
    }

    /// `host: Test timeout (30s) common.cu:123`
    private static func timeout(_ text: NcclTextSpan, _ colon: Int, _ lineNumber: Int) -> Classified {
        let host = text.slice(text.lower, colon).trimmed()
        let rest = text.slice(colon + 2, text.upper).trimmed()
        var message = rest
        var location: String?
        if let close = rest.firstIndex(of: 0x29) {
            message = rest.slice(rest.lower, close + 1)
            location = rest.slice(close + 1, rest.upper).tokens().first?.string
        }
        return .error(NcclTestsError(kind: "timeout", host: host.isEmpty ? nil : host.string,
                                     location: location, message: message.string, line: lineNumber))
    }
}
