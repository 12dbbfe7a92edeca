import DSBenchCore

/// nvbandwidth's device↔device matrices read as GPU pair matrices: a GPU whose copies to and from
/// every peer are slow is bad, one slow pair of otherwise fine GPUs is a bad NVLink or PCIe path —
/// the same culprits, rules and verdict as `gpu-pairs` busbw.
extension PairAnalysis {
    /// One matrix per node, step and testcase. A pair's value is the slower of its two directions
    /// (a link that is slow one way is a bad link); the reference is the median over the node's
    /// pairs. A copy above the HBM bandwidth of the GPU cannot have happened and is left out, as
    /// an implausible busbw is (`NcclPlausibility`).
    static func peerMatrices(_ input: HealthInput) -> [PairMatrix] {
        let fraction = input.threshold(.busbwFraction)
        struct Series: Hashable { var node: String; var step: String; var testcase: String }
        var order: [Series] = []
        var bySeries: [Series: [HealthPeerCopy]] = [:]
        for copy in input.peerCopies {
            let step = copy.stepKey.map(PlannedStep.identity(ofKey:)) ?? "nvbandwidth"
            let series = Series(node: copy.node, step: step, testcase: copy.testcase)
            if bySeries[series] == nil { order.append(series) }
            bySeries[series, default: []].append(copy)
        }
        return order.compactMap { series in
            guard let copies = bySeries[series] else { return nil }
            let model = input.commonGPUModel(node: series.node)
            let ceiling = NcclPlausibility.ceiling(gpuModel: model).gbps
            var slowest: [[Int]: (value: Double, key: String)] = [:]
            var pairOrder: [[Int]] = []
            for copy in copies where copy.gigabytesPerSecond >= 0 && copy.gigabytesPerSecond <= ceiling {
                let pair = [min(copy.sourceGPU, copy.destinationGPU), max(copy.sourceGPU, copy.destinationGPU)]
                if let seen = slowest[pair] {
                    if copy.gigabytesPerSecond < seen.value { slowest[pair] = (copy.gigabytesPerSecond, seen.key) }
                } else {
                    pairOrder.append(pair)
                    slowest[pair] = (copy.gigabytesPerSecond, copy.stepKey ?? series.step)
                }
            }
            pairOrder.sort { ($0[0], $0[1]) < ($1[0], $1[1]) }
            guard let median = Descriptive.median(pairOrder.compactMap { slowest[$0]?.value }) else { return nil }
            let slowBelow = fraction * median
            let cells = pairOrder.compactMap { pair in slowest[pair].map { entry in
                PairCell(a: String(pair[0]), b: String(pair[1]), busbw: entry.value, slow: entry.value < slowBelow,
                         stepKey: entry.key)
            } }
            let members = Set(pairOrder.joined()).sorted().map(String.init)
            return PairMatrix(series: "\(series.step) \(series.testcase)@\(series.node)", step: series.step, scope: .gpus,
                              node: series.node, members: members, cells: cells, fleetMedian: median,
                              expectedBusbw: nil, expectedHardware: nil, slowBelow: slowBelow, fraction: fraction,
                              culprits: culprits(cells, members: members, topology: input.topologies[series.node]))
        }
    }
}
