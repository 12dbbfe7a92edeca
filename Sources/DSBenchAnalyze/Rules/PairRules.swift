import DSBenchCore

/// Culprits of a pairwise run (`PairAnalysis`): a node or GPU whose every pair is slow, and a slow
/// pair whose ends are fine elsewhere (a bad link or path). They are findings like any other, so
/// the one verdict includes them.
enum PairRules {
    static let all: [HealthRule] = [badNode, badGPU, badLink]

    static let badNode = HealthRule(
        id: "pairs.bad_node", severity: .warning,
        summary: "a node whose every pair in a pairwise run is below a fraction of the pairs' median busbw",
        hint: "take the node out (--exclude) and look at its NICs, GPUs and NVLink: `dsbench show RUN` draws the pair matrix",
        thresholds: [.busbwFraction, .busbwMinBytes],
        check: { input, rule in findings(input, rule, scope: .nodes, kind: .member) })

    static let badGPU = HealthRule(
        id: "pairs.bad_gpu", severity: .warning,
        summary: "a GPU whose every pair on its node is below a fraction of the node's pairs' median busbw",
        hint: "check the GPU's NVLinks (`nvidia-smi nvlink -s -i N`), clocks and Xid errors",
        thresholds: [.busbwFraction, .busbwMinBytes],
        check: { input, rule in findings(input, rule, scope: .gpus, kind: .member) + ringFindings(input, rule) })

    static let badLink = HealthRule(
        id: "pairs.bad_link", severity: .warning,
        summary: "one slow pair whose two members are fine with every other partner: the link or path between them",
        hint: "for nodes, the network path between them (switch port, cable, routing); for GPUs, the NVLink or PCIe path `nvidia-smi topo -m` names",
        thresholds: [.busbwFraction, .busbwMinBytes],
        check: { input, rule in findings(input, rule, scope: nil, kind: .link) })

    private static func findings(_ input: HealthInput, _ rule: HealthRule, scope: PairSlot.Scope?,
                                 kind: PairCulprit.Kind) -> [Finding] {
        PairAnalysis.matrices(input).flatMap { matrix -> [Finding] in
            guard scope == nil || matrix.scope == scope else { return [] }
            return matrix.culprits.filter { $0.kind == kind }.map { culprit in finding(culprit, matrix, rule) }
        }
    }

    /// A GPU slow in every ring of `gpu-rings` it is in.
    private static func ringFindings(_ input: HealthInput, _ rule: HealthRule) -> [Finding] {
        PairAnalysis.rings(input).flatMap { reading in reading.culprits.map { culprit in
            let gpu = culprit.members[0]
            let slowRings = reading.rings.filter { $0.slow && $0.members.contains(gpu) }
            let worst = slowRings.map(\.busbw).min()
            let evidence = slowRings.prefix(8).map { "\($0.members.joined(separator: "+")) \(Num.text($0.busbw)) GB/s" }
                .joined(separator: ", ") + "; slow below \(Num.text(reading.slowBelow)) GB/s "
                + "(\(Num.text(reading.fraction * 100)) % of the median of the rings)"
            return rule.finding(
                "\(reading.series): GPU \(gpu) is slow in all \(culprit.pairs) of its rings (\(Num.text(worst ?? 0)) GB/s "
                    + "at worst against the \(Num.text(reading.median)) GB/s median of the rings); its neighbours are fine "
                    + "in rings without it",
                node: reading.node, gpu: Int(gpu), step: reading.series, evidence: evidence, observed: worst,
                expected: reading.median)
        } }
    }

    private static func finding(_ culprit: PairCulprit, _ matrix: PairMatrix, _ rule: HealthRule) -> Finding {
        let what = matrix.scope == .gpus ? "GPU" : "node"
        let reference = "\(Num.text(matrix.fleetMedian)) GB/s median of the pairs"
            + (matrix.expectedBusbw.map { ", \(Num.text($0)) GB/s expected" } ?? "")
        let slowValues = matrix.cells.filter { $0.slow && culprit.members.allSatisfy(Set([$0.a, $0.b]).contains) }
        let worst = slowValues.map(\.busbw).min()
        let evidence = slowValues.prefix(8).map { "\($0.a)+\($0.b) \(Num.text($0.busbw)) GB/s" }.joined(separator: ", ")
            + (slowValues.count > 8 ? ", …" : "") + "; slow below \(Num.text(matrix.slowBelow)) GB/s "
            + "(\(Num.text(matrix.fraction * 100)) % of the median)"
        let gpuIndex = matrix.scope == .gpus && culprit.kind == .member ? Int(culprit.members[0]) : nil
        let node = matrix.node ?? (culprit.kind == .member ? culprit.members[0] : nil)
        switch culprit.kind {
        case .member:
            return rule.finding(
                "\(matrix.series): \(what) \(culprit.members[0]) is slow in all \(culprit.pairs) of its pairs "
                    + "(\(Num.text(worst ?? 0)) GB/s at worst against the \(reference)); the others are fine without it",
                node: node, gpu: gpuIndex, step: matrix.series, evidence: evidence, observed: worst,
                expected: matrix.fleetMedian)
        case .link:
            let ends = culprit.members.joined(separator: " and ")
            return rule.finding(
                "\(matrix.series): the \(matrix.scope == .gpus ? "GPU" : "network") link or path between \(what)s \(ends) "
                    + "is slow (\(Num.text(worst ?? 0)) GB/s against the \(reference)); both are fine with every other partner"
                    + (culprit.path.map { "; topology: \($0)" } ?? ""),
                node: node, step: matrix.series, evidence: evidence, observed: worst, expected: matrix.fleetMedian)
        }
    }
}
