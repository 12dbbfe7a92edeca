import DSBenchVerdict

/// A slow collective tied to what its node's hardware checks found: the verdict's failing
/// bandwidth checks (below the expected figure, an outlier of the fleet, a regression, a bad node
/// of a pairwise run, fewer channels) each with the failing node-level checks of the same node
/// (PCIe measured or trained down, throttling, ECC, Xid, NVLink errors, a transport fallback, a slow
/// GEMM). Picked out of the verdict, never re-judged: both sides are checks that already failed.
public struct NodeCause: Sendable, Equatable {
    public var symptom: VerdictCheck
    public var causes: [VerdictCheck]

    static let symptoms: Set<String> = [
        "busbw.below_expected", "fleet.outlier", "regression.busbw", "pairs.bad_node", "pairs.bad_gpu", "nccl.channels.fewer",
    ]
    static let causePrefixes = ["pcie.", "gpu.", "nvswitch.", "nccl.transport.", "inventory.changed", "inventory.mixed_gpus",
                                "metric.below_expected"]

    /// In the verdict's order; symptoms without a node, or with no failing check on their node, are left out.
    public static func links(_ verdict: Verdict) -> [NodeCause] {
        let failing = verdict.checks.filter { $0.outcome == .fail }
        let causes = failing.filter { check in causePrefixes.contains { check.rule.hasPrefix($0) } }
        return failing.compactMap { symptom -> NodeCause? in
            guard symptoms.contains(symptom.rule), let node = symptom.node else { return nil }
            let onNode = causes.filter { $0.node == node }
            return onNode.isEmpty ? nil : NodeCause(symptom: symptom, causes: onNode)
        }
    }
}

/// The links as words: `show`, the Markdown and HTML reports print these lines.
enum NodeCauseText {
    static func symptom(_ link: NodeCause) -> String {
        // The node is the link; the reason names the step or series already.
        "\(link.symptom.node ?? VerdictWords.subject(link.symptom)): \(link.symptom.reason) [\(link.symptom.rule)]"
    }

    static func cause(_ check: VerdictCheck) -> String {
        "\(check.rule): \(check.reason)"
    }

    /// The links in one form: a heading, then per link its symptom, each cause, and `close`;
    /// nothing at all without links. Each renderer gives the wrapping of its format.
    static func list(_ links: [NodeCause], heading: String, symptom wrapSymptom: (String) -> String,
                     cause wrapCause: (String) -> String, close: String = "", end: String = "") -> String {
        guard !links.isEmpty else { return "" }
        var out = heading
        for link in links {
            out += wrapSymptom(symptom(link))
            for check in link.causes { out += wrapCause(cause(check)) }
            out += close
        }
        return out + end
    }

    /// `show`'s lines, under the verdict.
    static func render(_ links: [NodeCause]) -> String {
        list(links, heading: "\nslow collectives and what their node's checks found\n",
             symptom: { "  " + $0 + "\n" }, cause: { "    ← " + $0 + "\n" })
    }
}
